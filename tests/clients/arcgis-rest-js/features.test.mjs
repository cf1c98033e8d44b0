// Compatibility test: drives a running Geohooks server's hosted feature
// services with the UNMODIFIED @esri/arcgis-rest-request, -portal and
// -feature-service packages from npm.
//
//   npm ci
//   GEOHOOKS_PORTAL=http://127.0.0.1:5080/arcgis/sharing/rest \
//   GEOHOOKS_USER=admin GEOHOOKS_PASSWORD=secret node --test features.test.mjs
//
// One signed-in ArcGISIdentityManager is passed as `authentication` to every
// call. Calls to <base>/rest/services/… and <base>/rest/admin/services/… are
// outside the portal URL, so the client gets a token for them through its
// federation hand-shake (<base>/rest/info → owningSystemUrl → <portal>/info →
// generateToken with serverUrl); the last steps check on the recorded wire
// that it did, and that no service call went out without a token.
//
// The steps run in order against one fresh service (unique name per run); a
// step whose input an earlier step failed to produce is skipped.

import { describe, after } from "node:test";
import assert from "node:assert/strict";

import { ArcGISIdentityManager, request } from "@esri/arcgis-rest-request";
import { removeItem } from "@esri/arcgis-rest-portal";
import {
  createFeatureService,
  addToServiceDefinition,
  updateServiceDefinition,
  getService,
  getLayer,
  queryFeatures,
  queryAllFeatures,
  addFeatures,
  updateFeatures,
  deleteFeatures,
  applyEdits,
  addAttachment,
  getAttachments,
  updateAttachment,
  deleteAttachments
} from "@esri/arcgis-rest-feature-service";

import { recordFetch, describeExchange } from "./support/wire.mjs";
import { steps } from "./support/steps.mjs";
import { layerDefinition, pointFeature, expectFeature, sortedIds } from "./support/features.mjs";

// ---------------------------------------------------------------- configuration

const missing = ["GEOHOOKS_PORTAL", "GEOHOOKS_USER", "GEOHOOKS_PASSWORD"].filter((n) => !process.env[n]);
if (missing.length) {
  throw new Error(
    `Missing environment variable(s): ${missing.join(", ")}. Set GEOHOOKS_PORTAL ` +
      "(e.g. http://127.0.0.1:5080/arcgis/sharing/rest), GEOHOOKS_USER and GEOHOOKS_PASSWORD " +
      "(an org administrator, who may publish hosted feature services)."
  );
}
const PORTAL = process.env.GEOHOOKS_PORTAL.replace(/\/+$/, "");
const USER = process.env.GEOHOOKS_USER;
const PASSWORD = process.env.GEOHOOKS_PASSWORD;
if (!/^https?:\/\/.+\/sharing\/rest$/.test(PORTAL)) {
  throw new Error(`GEOHOOKS_PORTAL must end in /sharing/rest, got "${PORTAL}".`);
}
/** The server root the client federates: the portal URL minus /sharing/rest. */
const BASE = PORTAL.replace(/\/sharing\/rest$/, "");

const RUN = Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
const SERVICE = `ghjs_features_${RUN}`;
const LAYER = `Points_${RUN}`;
const CAPABILITIES = "Create,Delete,Query,Update,Editing,ChangeTracking";
const PAGE = 5; // maxRecordCount set through updateServiceDefinition
const STEP = { timeout: 90_000 };

// Generous: the shared CI machine can be slow; a hung server still fails the step, not the run.
const wire = recordFetch({ timeoutMs: 30_000 });

/** Requests recorded since `from` whose path ends with `suffix`. */
const sentTo = (suffix, from = 0) => wire.slice(from).filter((e) => e.path.endsWith(suffix));
const isServiceCall = (e) => /\/rest\/(admin\/)?services\//.test(e.path);

// ---------------------------------------------------------------- shared state

const state = {
  session: null,
  itemId: null,
  serviceUrl: null,
  layerUrl: null,
  layerReady: null, // true once the layer exists
  features: null, // Map objectId -> { attributes, geometry, globalId } the server should hold
  bigPage: null, // true once maxRecordCount is PAGE
  attachments: null, // { featureId, photo: {id, bytes, ...}, note: {...} }
  anonymous: null, // the requests sent on purpose without a session
  serverToken: null // the token the federation hand-shake obtained
};
const { step, needs } = steps(wire, state, STEP);

const auth = () => ({ authentication: state.session });



/** Every feature of the layer, read in pages of at most PAGE through plain queries by id. */
async function readBack(ids) {
  const out = [];
  for (let i = 0; i < ids.length; i += PAGE) {
    const page = await queryFeatures({
      url: state.layerUrl,
      objectIds: ids.slice(i, i + PAGE),
      outFields: "*",
      returnGeometry: true,
      orderByFields: "OBJECTID",
      ...auth()
    });
    out.push(...page.features);
  }
  return out;
}

/** Checks the layer holds exactly state.features, attribute by attribute. */
async function assertLayerMatches() {
  const ids = sortedIds(state.features);
  const features = await readBack(ids);
  assert.deepEqual(features.map((f) => f.attributes.OBJECTID), ids, "object ids read back");
  for (const f of features) expectFeature(f, state.features.get(f.attributes.OBJECTID));
  const count = await queryFeatures({ url: state.layerUrl, returnCountOnly: true, ...auth() });
  assert.equal(count.count, ids.length, "returnCountOnly");
}

/** Downloads an attachment's bytes (GET, token in the query string, no `f`). */
async function download(featureId, attachmentId) {
  const blob = await request(`${state.layerUrl}/${featureId}/attachments/${attachmentId}`, {
    httpMethod: "GET",
    params: { f: null },
    ...auth()
  });
  return new Uint8Array(await blob.arrayBuffer());
}

// ---------------------------------------------------------------- the test

describe(`ArcGIS REST JS feature services against ${BASE}`, () => {
  step("signIn with username/password yields a portal token", async () => {
    state.session = await ArcGISIdentityManager.signIn({ username: USER, password: PASSWORD, portal: PORTAL });
    assert.ok(state.session.token, "no portal token");
    assert.equal(wire.filter(isServiceCall).length, 0);
  });

  step("createFeatureService creates an empty hosted service", async (t) => {
    if (!needs(t, "session")) return;
    const from = wire.length;
    const created = await createFeatureService({
      item: {
        name: SERVICE,
        serviceDescription: `Created by the arcgis-rest-js feature test ${RUN}`,
        hasStaticData: false,
        maxRecordCount: 1000,
        supportedQueryFormats: "JSON",
        capabilities: CAPABILITIES,
        spatialReference: { wkid: 4326 },
        initialExtent: { xmin: -180, ymin: -90, xmax: 180, ymax: 90, spatialReference: { wkid: 4326 } },
        allowGeometryUpdates: true,
        units: "esriDecimalDegrees"
      },
      ...auth()
    });
    assert.equal(created.success, true);
    assert.equal(created.name, SERVICE);
    assert.match(created.itemId ?? "", /^[0-9a-f]{32}$/);
    assert.equal(created.serviceItemId, created.itemId);
    assert.equal(created.type, "Feature Service");
    assert.equal(created.isView, false);
    assert.ok(created.serviceurl.startsWith(`${BASE}/rest/services/`), `serviceurl ${created.serviceurl}`);
    assert.match(created.serviceurl, new RegExp(`/${SERVICE}/FeatureServer$`));
    assert.equal(created.encodedServiceURL, created.serviceurl);
    state.itemId = created.itemId;
    state.serviceUrl = created.serviceurl;
    state.layerUrl = `${created.serviceurl}/0`;

    const [call] = sentTo(`/content/users/${USER}/createService`, from);
    assert.equal(call.method, "POST");
    assert.equal(call.params.get("outputType"), "featureService");
    assert.equal(JSON.parse(call.params.get("createParameters")).name, SERVICE);
    assert.equal(call.params.get("token"), state.session.token, "portal calls carry the portal token");
  });

  step("addToServiceDefinition adds a point layer (wkid 4326, GlobalID, attachments)", async (t) => {
    if (!needs(t, "serviceUrl")) return;
    const from = wire.length;
    const added = await addToServiceDefinition(state.serviceUrl, { layers: [layerDefinition(LAYER)], ...auth() });
    assert.equal(added.success, true, JSON.stringify(added));
    assert.deepEqual(added.layers, [{ name: LAYER, id: 0 }]);
    const [call] = sentTo("/addToDefinition", from);
    assert.equal(call.method, "POST");
    assert.equal(call.url, `${state.serviceUrl.replace("/rest/services/", "/rest/admin/services/")}/addToDefinition`);
    assert.equal(JSON.parse(call.params.get("addToDefinition")).layers[0].name, LAYER);
    state.layerReady = true;
  });

  step("getService (POST) describes the service and its layer", async (t) => {
    if (!needs(t, "layerReady")) return;
    const from = wire.length;
    const service = await getService({ url: state.serviceUrl, ...auth() });
    assert.equal(service.serviceItemId, state.itemId);
    assert.equal(service.maxRecordCount, 1000);
    assert.equal(service.spatialReference?.wkid, 4326);
    for (const c of CAPABILITIES.split(",")) assert.ok(service.capabilities.split(",").includes(c), `${c} in ${service.capabilities}`);
    assert.equal(service.layers.length, 1);
    assert.equal(service.layers[0].id, 0);
    assert.equal(service.layers[0].name, LAYER);
    assert.equal(sentTo(new URL(state.serviceUrl).pathname, from)[0].method, "POST", "getService POSTs to the resource URL");
  });

  step("getLayer (POST) describes the point layer", async (t) => {
    if (!needs(t, "layerReady")) return;
    const layer = await getLayer({ url: state.layerUrl, ...auth() });
    assert.equal(layer.id, 0);
    assert.equal(layer.name, LAYER);
    assert.equal(layer.type, "Feature Layer");
    assert.equal(layer.geometryType, "esriGeometryPoint");
    assert.equal(layer.objectIdField, "OBJECTID");
    assert.equal(layer.globalIdField, "GlobalID");
    assert.equal(layer.hasAttachments, true);
    assert.equal(layer.maxRecordCount, 1000);
    const wkid = layer.sourceSpatialReference?.wkid ?? layer.extent?.spatialReference?.wkid ?? layer.spatialReference?.wkid;
    assert.equal(wkid, 4326, "layer spatial reference");
    const types = Object.fromEntries(layer.fields.map((f) => [f.name, f.type]));
    assert.deepEqual(
      { OBJECTID: types.OBJECTID, GlobalID: types.GlobalID, name: types.name, count: types.count, ratio: types.ratio, observed: types.observed, note: types.note },
      {
        OBJECTID: "esriFieldTypeOID",
        GlobalID: "esriFieldTypeGlobalID",
        name: "esriFieldTypeString",
        count: "esriFieldTypeInteger",
        ratio: "esriFieldTypeDouble",
        observed: "esriFieldTypeDate",
        note: "esriFieldTypeString"
      }
    );
  });

  step("addFeatures adds 15 points; queryFeatures reads every attribute back", async (t) => {
    if (!needs(t, "layerReady")) return;
    const from = wire.length;
    const input = Array.from({ length: 15 }, (_, i) => pointFeature(i, RUN));
    const result = await addFeatures({ url: state.layerUrl, features: input, ...auth() });
    assert.equal(result.addResults.length, input.length);
    const features = new Map();
    result.addResults.forEach((r, i) => {
      assert.equal(r.success, true, JSON.stringify(r));
      assert.ok(Number.isInteger(r.objectId) && r.objectId > 0, `objectId ${r.objectId}`);
      assert.match(r.globalId ?? "", /^\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}$/i);
      features.set(r.objectId, { ...input[i], globalId: r.globalId });
    });
    assert.equal(features.size, input.length, "object ids are unique");
    const [call] = sentTo("/0/addFeatures", from);
    assert.equal(call.method, "POST");
    assert.equal(JSON.parse(call.params.get("features")).length, input.length);
    state.features = features;
    await assertLayerMatches();
    const queries = sentTo("/0/query", from);
    assert.ok(queries.length > 0 && queries.every((q) => q.method === "GET"), "short queries are GETs");
  });

  step("updateFeatures changes attributes and geometry", async (t) => {
    if (!needs(t, "features")) return;
    const [a, b, c] = sortedIds(state.features);
    const changes = [
      { attributes: { OBJECTID: a, name: `renamed ${RUN} ✓`, count: -7, ratio: 0.125 } },
      { attributes: { OBJECTID: b, note: null, observed: Date.UTC(2001, 1, 3, 4, 5, 6) } },
      { attributes: { OBJECTID: c }, geometry: { x: 12.5, y: -45.25, spatialReference: { wkid: 4326 } } }
    ];
    const result = await updateFeatures({ url: state.layerUrl, features: changes, ...auth() });
    assert.deepEqual(
      result.updateResults.map((r) => [r.objectId, r.success]),
      [[a, true], [b, true], [c, true]]
    );
    for (const change of changes) {
      const f = state.features.get(change.attributes.OBJECTID);
      Object.assign(f.attributes, change.attributes);
      if (change.geometry) f.geometry = { x: change.geometry.x, y: change.geometry.y };
    }
    await assertLayerMatches();
  });

  step("deleteFeatures deletes by objectIds and by where", async (t) => {
    if (!needs(t, "features")) return;
    const ids = sortedIds(state.features);
    const byIds = [ids[3], ids[4]];
    const from = wire.length;
    const result = await deleteFeatures({ url: state.layerUrl, objectIds: byIds, ...auth() });
    assert.deepEqual(result.deleteResults.map((r) => [r.objectId, r.success]), byIds.map((id) => [id, true]));
    assert.equal(sentTo("/0/deleteFeatures", from)[0].params.get("objectIds"), byIds.join(","));
    byIds.forEach((id) => state.features.delete(id));

    const victim = ids[5];
    const byWhere = await deleteFeatures({ url: state.layerUrl, where: `name = '${state.features.get(victim).attributes.name}'`, ...auth() });
    assert.deepEqual(byWhere.deleteResults.map((r) => [r.objectId, r.success]), [[victim, true]]);
    state.features.delete(victim);

    const gone = await queryFeatures({ url: state.layerUrl, objectIds: [...byIds, victim], ...auth() });
    assert.equal(gone.features.length, 0);
    await assertLayerMatches();
  });

  step("applyEdits adds, updates and deletes in one call (object ids, then global ids)", async (t) => {
    if (!needs(t, "features")) return;
    const ids = sortedIds(state.features);
    const adds = [pointFeature(100, RUN), pointFeature(101, RUN)];
    const from = wire.length;
    const result = await applyEdits({
      url: state.layerUrl,
      adds,
      updates: [{ attributes: { OBJECTID: ids[0], count: 4242 } }],
      deletes: [ids[1]],
      ...auth()
    });
    assert.equal(result.addResults.length, 2);
    assert.ok(result.addResults.every((r) => r.success), JSON.stringify(result.addResults));
    assert.deepEqual(result.updateResults.map((r) => [r.objectId, r.success]), [[ids[0], true]]);
    assert.deepEqual(result.deleteResults.map((r) => [r.objectId, r.success]), [[ids[1], true]]);
    assert.equal(sentTo("/0/applyEdits", from)[0].params.get("deletes"), String(ids[1]), "deletes are comma-joined");
    result.addResults.forEach((r, i) => state.features.set(r.objectId, { ...adds[i], globalId: r.globalId }));
    state.features.get(ids[0]).attributes.count = 4242;
    state.features.delete(ids[1]);

    const byGlobal = state.features.get(ids[2]);
    const doomed = state.features.get(ids[6]);
    const global = await applyEdits({
      url: state.layerUrl,
      useGlobalIds: true,
      updates: [{ attributes: { GlobalID: byGlobal.globalId, ratio: 99.5 } }],
      deletes: [doomed.globalId],
      ...auth()
    });
    assert.deepEqual(global.updateResults.map((r) => [r.globalId?.toUpperCase(), r.success]), [[byGlobal.globalId.toUpperCase(), true]]);
    assert.deepEqual(global.deleteResults.map((r) => [r.globalId?.toUpperCase(), r.success]), [[doomed.globalId.toUpperCase(), true]]);
    byGlobal.attributes.ratio = 99.5;
    state.features.delete(ids[6]);
    await assertLayerMatches();
  });

  step("queryFeatures with a where clause over 2,000 characters goes as POST", async (t) => {
    if (!needs(t, "features")) return;
    const live = sortedIds(state.features);
    const absent = Array.from({ length: 320 }, (_, i) => 7_000_000 + i * 7);
    const where = `count > -1000000 AND OBJECTID IN (${[...absent.slice(0, 160), ...live, ...absent.slice(160)].join(", ")})`;
    assert.ok(where.length > 2000, `where is only ${where.length} characters`);
    const from = wire.length;
    const result = await queryFeatures({ url: state.layerUrl, where, outFields: ["OBJECTID", "name"], orderByFields: "OBJECTID", ...auth() });
    const [call] = sentTo("/0/query", from);
    assert.equal(call.method, "POST", "a query URL over 2,000 characters is sent as POST");
    assert.equal(call.bodyKind, "form");
    assert.equal(call.params.get("where"), where);
    assert.equal(call.query.size, 0, "nothing in the query string");
    assert.deepEqual(result.features.map((f) => f.attributes.OBJECTID), live.slice(0, 1000));
    for (const f of result.features) assert.equal(f.attributes.name, state.features.get(f.attributes.OBJECTID).attributes.name);
  });

  step(`updateServiceDefinition sets maxRecordCount to ${PAGE}; queries are then capped`, async (t) => {
    if (!needs(t, "features")) return;
    const description = `Paged at ${PAGE} (${RUN})`;
    const from = wire.length;
    const updated = await updateServiceDefinition(state.serviceUrl, {
      updateDefinition: { maxRecordCount: PAGE, serviceDescription: description, capabilities: CAPABILITIES },
      ...auth()
    });
    assert.equal(updated.success, true, JSON.stringify(updated));
    assert.equal(sentTo("/updateDefinition", from)[0].url, `${state.serviceUrl.replace("/rest/services/", "/rest/admin/services/")}/updateDefinition`);

    const service = await getService({ url: state.serviceUrl, ...auth() });
    assert.equal(service.maxRecordCount, PAGE);
    assert.equal(service.serviceDescription, description);
    assert.ok(service.capabilities.split(",").includes("ChangeTracking"));
    assert.equal((await getLayer({ url: state.layerUrl, ...auth() })).maxRecordCount, PAGE);

    const capped = await queryFeatures({ url: state.layerUrl, orderByFields: "OBJECTID", ...auth() });
    assert.equal(capped.features.length, PAGE);
    assert.equal(capped.exceededTransferLimit, true, "a capped page must say exceededTransferLimit: true");
    state.bigPage = true;
  });

  step(`queryAllFeatures pages through more than maxRecordCount (${PAGE}) features`, async (t) => {
    if (!needs(t, "bigPage")) return;
    const expected = sortedIds(state.features);
    assert.ok(expected.length > 2 * PAGE, `only ${expected.length} features`);
    const from = wire.length;
    const all = await queryAllFeatures({ url: state.layerUrl, orderByFields: "OBJECTID", ...auth() });
    assert.deepEqual(all.features.map((f) => f.attributes.OBJECTID), expected);
    for (const f of all.features) expectFeature(f, state.features.get(f.attributes.OBJECTID));

    const pages = sentTo("/0/query", from);
    assert.equal(pages.length, Math.ceil(expected.length / PAGE), "one query per page, the last one short");
    assert.deepEqual(pages.map((p) => Number(p.params.get("resultOffset"))), pages.map((_, i) => i * PAGE));
    assert.ok(pages.every((p) => p.params.get("resultRecordCount") === String(PAGE)));
    assert.equal(sentTo("/0", from)[0]?.method, "GET", "queryAllFeatures first reads the layer for maxRecordCount");
  });

  step("extractChanges through a changesUrl, as Esri's webhook sample reads it with request()", async (t) => {
    if (!needs(t, "features")) return;
    const before = (await getLayer({ url: state.layerUrl, ...auth() })).serverGens?.serverGen;
    assert.ok(Number.isInteger(before), "the layer exposes serverGens.serverGen");
    const ids = sortedIds(state.features);
    const [updated, deleted] = [ids[1], ids[2]];
    const edits = await applyEdits({
      url: state.layerUrl,
      adds: [pointFeature(200, RUN)],
      updates: [{ attributes: { OBJECTID: updated, name: `changed ${RUN}` } }],
      deletes: [deleted],
      ...auth()
    });
    const added = edits.addResults[0].objectId;
    state.features.set(added, { ...pointFeature(200, RUN), globalId: edits.addResults[0].globalId });
    state.features.get(updated).attributes.name = `changed ${RUN}`;
    state.features.delete(deleted);
    const after = (await getLayer({ url: state.layerUrl, ...auth() })).serverGens?.serverGen;
    assert.ok(after > before, `serverGen did not advance (${before} -> ${after})`);

    // The shape of a webhook payload's changesUrl: parameters in the query string; the
    // client POSTs to it unchanged with f and token in the body (spec wire §5, last row).
    const query = `serverGens=${encodeURIComponent(`[${before},${after}]`)}&async=true&returnInserts=true&returnUpdates=true&returnDeletes=true`;
    const from = wire.length;
    const submitted = await request(`${state.serviceUrl}/extractChanges?${query}`, auth());
    const [call] = sentTo("/extractChanges", from);
    assert.equal(call.method, "POST");
    assert.equal(call.query.get("serverGens"), `[${before},${after}]`);
    assert.match(submitted.statusUrl ?? "", new RegExp(`^${state.serviceUrl}/`), JSON.stringify(submitted));

    let status;
    for (let i = 0; i < 100; i++) {
      status = await request(submitted.statusUrl, auth());
      if (!["Pending", "InProgress", "Executing"].includes(status.status)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(status.status, "Completed", JSON.stringify(status));
    const result = await request(status.resultUrl, auth());
    const layer = result.edits?.find((e) => e.id === 0);
    assert.ok(layer, JSON.stringify(result));
    assert.deepEqual(layer.features.adds.map((f) => f.attributes.OBJECTID), [added]);
    assert.deepEqual(layer.features.updates.map((f) => [f.attributes.OBJECTID, f.attributes.name]), [[updated, `changed ${RUN}`]]);
    assert.deepEqual(layer.features.deleteIds, [deleted]);
    expectFeature(layer.features.adds[0], state.features.get(added));
  });

  step("addAttachment uploads two files (multipart, token as a form field)", async (t) => {
    if (!needs(t, "features")) return;
    const featureId = sortedIds(state.features)[0];
    const photo = { bytes: binaryBytes(4099, 7), name: `photo-${RUN}.jpg`, type: "image/jpeg" };
    const note = { bytes: new TextEncoder().encode(`note for ${RUN}: ünïcödé ✓\n`), name: "note.txt", type: "text/plain" };
    const from = wire.length;
    for (const file of [photo, note]) {
      const result = await addAttachment({
        url: state.layerUrl,
        featureId,
        attachment: new File([file.bytes], file.name, { type: file.type }),
        ...auth()
      });
      const r = result.addAttachmentResult;
      assert.equal(r?.success, true, JSON.stringify(result));
      assert.ok(Number.isInteger(r.objectId) && r.objectId > 0, "addAttachmentResult.objectId is the attachment id");
      file.id = r.objectId;
    }
    assert.notEqual(photo.id, note.id);
    const [call] = sentTo(`/0/${featureId}/addAttachment`, from);
    assert.equal(call.method, "POST");
    assert.equal(call.bodyKind, "multipart");
    assert.deepEqual(call.files.attachment, { name: photo.name, type: photo.type, size: photo.bytes.length });
    state.attachments = { featureId, photo, note };
  });

  step("getAttachments lists both; their bytes download unchanged", async (t) => {
    if (!needs(t, "attachments")) return;
    const { featureId, photo, note } = state.attachments;
    const from = wire.length;
    const { attachmentInfos } = await getAttachments({ url: state.layerUrl, featureId, ...auth() });
    assert.equal(sentTo(`/0/${featureId}/attachments`, from)[0].method, "GET");
    const infos = [...attachmentInfos].sort((x, y) => x.id - y.id);
    const files = [photo, note].sort((x, y) => x.id - y.id);
    assert.deepEqual(
      infos.map((i) => ({ id: i.id, name: i.name, contentType: i.contentType, size: i.size })),
      files.map((f) => ({ id: f.id, name: f.name, contentType: f.type, size: f.bytes.length }))
    );
    if (infos[0].parentGlobalId) {
      assert.equal(infos[0].parentGlobalId.toUpperCase(), state.features.get(featureId).globalId.toUpperCase());
    }
    for (const file of files) assert.deepEqual(await download(featureId, file.id), file.bytes, `bytes of ${file.name}`);
  });

  step("updateAttachment replaces the photo's bytes, name and type", async (t) => {
    if (!needs(t, "attachments")) return;
    const { featureId, photo } = state.attachments;
    const replacement = { bytes: binaryBytes(2500, 91), name: `photo-${RUN}.png`, type: "image/png" };
    const result = await updateAttachment({
      url: state.layerUrl,
      featureId,
      attachmentId: photo.id,
      attachment: new File([replacement.bytes], replacement.name, { type: replacement.type }),
      ...auth()
    });
    assert.equal(result.updateAttachmentResult?.success, true, JSON.stringify(result));
    assert.equal(result.updateAttachmentResult.objectId, photo.id);
    Object.assign(photo, replacement);

    const { attachmentInfos } = await getAttachments({ url: state.layerUrl, featureId, ...auth() });
    const info = attachmentInfos.find((i) => i.id === photo.id);
    assert.deepEqual({ name: info?.name, contentType: info?.contentType, size: info?.size }, { name: photo.name, contentType: photo.type, size: photo.bytes.length });
    assert.deepEqual(await download(featureId, photo.id), photo.bytes);
  });

  step("deleteAttachments removes both (comma-joined ids)", async (t) => {
    if (!needs(t, "attachments")) return;
    const { featureId, photo, note } = state.attachments;
    const from = wire.length;
    const result = await deleteAttachments({ url: state.layerUrl, featureId, attachmentIds: [photo.id, note.id], ...auth() });
    assert.deepEqual(
      result.deleteAttachmentResults.map((r) => [r.objectId, r.success]).sort((x, y) => x[0] - y[0]),
      [[photo.id, true], [note.id, true]].sort((x, y) => x[0] - y[0])
    );
    assert.equal(sentTo(`/0/${featureId}/deleteAttachments`, from)[0].params.get("attachmentIds"), `${photo.id},${note.id}`);
    const { attachmentInfos } = await getAttachments({ url: state.layerUrl, featureId, ...auth() });
    assert.deepEqual(attachmentInfos, []);
  });

  step("the private service refuses anonymous calls with 499 (so tokens are really needed)", async (t) => {
    if (!needs(t, "layerReady")) return;
    const from = wire.length;
    for (const call of [() => queryFeatures({ url: state.layerUrl }), () => getLayer({ url: state.layerUrl })]) {
      await assert.rejects(call(), (err) => {
        assert.equal(err.name, "ArcGISAuthError", `unexpected error: ${err}`);
        assert.equal(err.response?.error?.code, 499, "Token Required"); // err.code is the messageCode when there is one
        return true;
      });
    }
    state.anonymous = new Set(wire.slice(from));
    assert.equal(state.anonymous.size, 2, "no retry, no hand-shake without a session");
  });

  step("federation: /rest/info → owningSystemUrl → <portal>/info → generateToken with serverUrl, once", async (t) => {
    if (!needs(t, "layerReady")) return;
    const first = wire.findIndex(isServiceCall);
    const info = wire.findIndex((e) => e.url === `${BASE}/rest/info`);
    const portalInfo = wire.findIndex((e) => e.url === `${PORTAL}/info`);
    const exchange = wire.findIndex((e) => e.url === `${PORTAL}/generateToken` && e.params.has("serverUrl"));
    assert.ok(info >= 0, `no request to ${BASE}/rest/info`);
    assert.equal(wire[info].method, "POST");
    assert.ok(!wire[info].params.has("token"), "/rest/info is asked anonymously");
    assert.equal(JSON.parse(wire[info].body).owningSystemUrl, BASE);
    assert.ok(portalInfo > info, `${PORTAL}/info must follow /rest/info`);
    assert.equal(wire[portalInfo].method, "POST");
    assert.ok(exchange > portalInfo, "generateToken with serverUrl must follow <portal>/info");
    assert.ok(first > exchange, "the first service call must wait for the server token");
    const e = wire[exchange];
    assert.equal(e.method, "POST");
    assert.equal(e.params.get("serverUrl"), BASE);
    assert.ok(!e.params.has("username") && !e.params.has("password"));
    assert.equal(e.params.get("token"), state.session.token, "the exchange presents the portal token");
    const serverToken = JSON.parse(e.body).token;
    assert.ok(serverToken, "generateToken with serverUrl returned no token");
    assert.ok(Number(JSON.parse(e.body).expires) > Date.now() + 10 * 60_000, "server token expiry");
    assert.equal(wire.filter((x) => x.params.has("serverUrl")).length, 1, "the server token is cached");
    assert.equal(wire.filter((x) => x.url === `${BASE}/rest/info`).length, 1, "/rest/info is read once");
    state.serverToken = serverToken;
  });

  step("no service call went out without a token", async (t) => {
    if (!needs(t, "serverToken")) return;
    // Leaving out only the two calls the step above sent without a session on purpose.
    const calls = wire.filter((e) => isServiceCall(e) && !state.anonymous?.has(e));
    const tokenless = calls.filter((e) => !e.params.has("token"));
    assert.deepEqual(tokenless.map(describeExchange), [], "service calls without a token");
    assert.ok(calls.length > 30, `only ${calls.length} service calls`);
    for (const c of calls) {
      assert.equal(c.params.getAll("token").length, 1, `one token: ${describeExchange(c)}`);
      assert.equal(c.params.get("token"), state.serverToken, `server token on ${c.method} ${c.path}`);
      assert.ok(c.status === 200, describeExchange(c));
    }
    const admin = calls.filter((c) => c.path.includes("/rest/admin/services/"));
    assert.equal(admin.length, 2, "addToDefinition and updateDefinition");
    const kinds = new Set(calls.map((c) => c.path.split("/").pop()));
    for (const k of ["addToDefinition", "updateDefinition", "extractChanges", "result", "query", "addFeatures", "updateFeatures", "deleteFeatures", "applyEdits", "addAttachment", "attachments", "updateAttachment", "deleteAttachments"]) {
      assert.ok(kinds.has(k), `no authenticated ${k} call recorded`);
    }
  });

  step("removeItem deletes the service with its item", async (t) => {
    if (!needs(t, "itemId")) return;
    const removed = await removeItem({ id: state.itemId, ...auth() });
    assert.equal(removed.success, true);
    state.itemId = null;
    await assert.rejects(getService({ url: state.serviceUrl, ...auth() }), (err) => {
      assert.equal(err.name, "ArcGISRequestError", `unexpected error: ${err}`);
      return true;
    });
  });

  after(async () => {
    if (state.session && state.itemId) {
      await removeItem({ id: state.itemId, ...auth() }).catch(() => undefined);
    }
  });
});

/** Deterministic bytes covering every value 0–255. */
function binaryBytes(length, seed) {
  const bytes = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = i < 256 ? i : x >>> 24;
  }
  return bytes;
}
