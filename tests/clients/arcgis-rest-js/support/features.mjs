// The point layer and the features that features.test.mjs writes, and how it
// compares what it reads back with what it wrote.

import assert from "node:assert/strict";

/** The layer given to addToServiceDefinition: points in wkid 4326, GlobalID, attachments. */
export function layerDefinition(name) {
  return {
    name,
    type: "Feature Layer",
    geometryType: "esriGeometryPoint",
    hasZ: false,
    hasM: false,
    objectIdField: "OBJECTID",
    globalIdField: "GlobalID",
    displayField: "name",
    hasAttachments: true,
    capabilities: "Create,Delete,Query,Update,Editing,ChangeTracking",
    extent: { xmin: -180, ymin: -90, xmax: 180, ymax: 90, spatialReference: { wkid: 4326 } },
    fields: [
      { name: "OBJECTID", type: "esriFieldTypeOID", alias: "OBJECTID", nullable: false, editable: false },
      { name: "GlobalID", type: "esriFieldTypeGlobalID", alias: "GlobalID", length: 38, nullable: false, editable: false },
      { name: "name", type: "esriFieldTypeString", alias: "Name", length: 100, nullable: true, editable: true },
      { name: "count", type: "esriFieldTypeInteger", alias: "Count", nullable: true, editable: true },
      { name: "ratio", type: "esriFieldTypeDouble", alias: "Ratio", nullable: true, editable: true },
      { name: "observed", type: "esriFieldTypeDate", alias: "Observed", length: 8, nullable: true, editable: true },
      { name: "note", type: "esriFieldTypeString", alias: "Note", length: 500, nullable: true, editable: true }
    ]
  };
}

/** Feature number `i` of run `run`: every field type, a few nulls, non-ASCII text, distinct names. */
export function pointFeature(i, run) {
  return {
    geometry: { x: -122.5 + i * 0.731, y: 37.25 - i * 0.417, spatialReference: { wkid: 4326 } },
    attributes: {
      name: `pt-${i}-${run}`,
      count: i * 3 - 10,
      ratio: i / 8,
      observed: Date.UTC(2024, 0, 1 + i, 12, 30, 15),
      note: i % 4 === 0 ? null : `Nötiz #${i} — "quoted" & <tagged> ✓`
    }
  };
}

/** Object ids of the expected features, ascending. */
export const sortedIds = (features) => [...features.keys()].sort((a, b) => a - b);

/** A feature read back equals what was written: every written attribute, the GlobalID and the point. */
export function expectFeature(actual, expected) {
  const id = actual.attributes.OBJECTID;
  for (const [key, value] of Object.entries(expected.attributes)) {
    if (key === "OBJECTID") continue;
    assert.deepEqual(actual.attributes[key], value, `feature ${id}: ${key}`);
  }
  assert.equal(String(actual.attributes.GlobalID).toUpperCase(), expected.globalId.toUpperCase(), `feature ${id}: GlobalID`);
  assert.ok(actual.geometry, `feature ${id}: no geometry`);
  assert.ok(Math.abs(actual.geometry.x - expected.geometry.x) < 1e-8, `feature ${id}: x ${actual.geometry.x} != ${expected.geometry.x}`);
  assert.ok(Math.abs(actual.geometry.y - expected.geometry.y) < 1e-8, `feature ${id}: y ${actual.geometry.y} != ${expected.geometry.y}`);
}
