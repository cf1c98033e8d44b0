using System.Text.Json;
using Geohooks.Server.Tests.Infrastructure;
using static Geohooks.Server.Tests.Features.FeatureKit;

namespace Geohooks.Server.Tests.Features;

/// <summary>createService, the admin definition operations under both URL shapes, and the resource JSON they produce.</summary>
public abstract class DefinitionTests(ServerFixture fixture)
{
    private GeohooksServer Server => fixture.Server;

    [Fact]
    public async Task CreateService_creates_a_private_feature_service_item_and_refuses_a_duplicate_name()
    {
        var admin = await Server.AdminTokenAsync();
        var name = Unique.Name("Parcels");
        Assert.True((await Server.GetAsync("portals/self/isServiceNameAvailable", admin, ("name", name), ("type", "Feature Service"))).GetProperty("available").GetBoolean());

        var created = await Server.PostAsync(
            $"content/users/{Admin}/createService", admin, ("outputType", "featureService"), ("tags", "a,b"),
            ("createParameters", $$$"""{"name":"{{{name}}}","serviceDescription":"Lots","capabilities":"Query","maxRecordCount":1500,"spatialReference":{"wkid":102100} }"""));
        created.AssertSuccess();
        var id = created.Str("itemId");
        Assert.Equal(32, id.Length);
        Assert.Equal(id, created.Str("serviceItemId"));
        Assert.Equal(name, created.Str("name"));
        Assert.Equal("Feature Service", created.Str("type"));
        Assert.EndsWith($"/arcgis/rest/services/{name}/FeatureServer", created.Str("serviceurl"), StringComparison.Ordinal);
        Assert.Equal(created.Str("serviceurl"), created.Str("encodedServiceURL"));
        Assert.Equal(-1, created.GetProperty("size").GetInt32());
        Assert.False(created.GetProperty("isView").GetBoolean());
        Assert.Contains("Hosted Service", created.Strings("typeKeywords"));

        var item = await Server.GetAsync($"content/items/{id}", admin);
        Assert.Equal(("Feature Service", created.Str("serviceurl"), "private"), (item.Str("type"), item.Str("url"), item.Str("access")));
        Assert.Contains("Feature Service", item.Strings("typeKeywords"));
        Assert.Contains("Feature Access", item.Strings("typeKeywords"));

        var service = await Server.GetAsync(Svc(name), admin);
        Assert.Equal(id, service.Str("serviceItemId"));
        Assert.Equal(("Lots", "Query", 1500), (service.Str("serviceDescription"), service.Str("capabilities"), service.GetProperty("maxRecordCount").GetInt32()));
        Assert.Equal((102100, 3857), (service.GetProperty("spatialReference").GetProperty("wkid").GetInt32(), service.GetProperty("spatialReference").GetProperty("latestWkid").GetInt32()));
        Assert.Equal(0, service.GetProperty("layers").GetArrayLength());
        Assert.Equal(0, service.GetProperty("tables").GetArrayLength());
        Assert.Equal("NaN", service.GetProperty("fullExtent").Str("xmin"));
        Assert.False(service.TryGetProperty("extractChangesCapabilities", out _));

        Assert.False((await Server.GetAsync("portals/self/isServiceNameAvailable", admin, ("name", name))).GetProperty("available").GetBoolean());
        Assert.False((await Server.GetAsync("portals/self/isServiceNameAvailable", admin, ("name", name.ToUpperInvariant()))).GetProperty("available").GetBoolean());
        Assert.False((await Server.GetAsync("portals/self/isServiceNameAvailable", admin, ("name", "has space"))).GetProperty("available").GetBoolean());

        var before = await Server.LastEventSequenceAsync();
        var duplicate = await Server.PostAsync($"content/users/{Admin}/createService", admin, ("createParameters", $$$"""{"name":"{{{name}}}"}"""));
        duplicate.AssertError(400);
        Assert.Contains(name, duplicate.GetProperty("error").GetProperty("details")[0].GetString(), StringComparison.Ordinal);
        (await Server.PostAsync($"content/users/{Admin}/createService", admin, ("createParameters", """{"name":"bad name!"}"""))).AssertError(400);
        Assert.Equal(before, await Server.LastEventSequenceAsync());
        var search = await Server.GetAsync("search", admin, ("q", $"title:{name}"), ("num", "100"));
        Assert.Equal(1, search.GetProperty("results").EnumerateArray().Count(r => r.Str("title") == name));
    }

    [Fact]
    public async Task Only_publishers_create_services_and_in_their_own_folder()
    {
        var admin = await Server.AdminTokenAsync();
        var plain = Unique.Name("plain");
        var plainToken = await Server.CreateUserAsync(admin, plain);
        var name = Unique.Name("NoRights");
        (await Server.PostAsync($"content/users/{plain}/createService", plainToken, ("createParameters", $$$"""{"name":"{{{name}}}"}"""))).AssertError(403);
        Assert.True((await Server.GetAsync("portals/self/isServiceNameAvailable", admin, ("name", name))).GetProperty("available").GetBoolean());

        var folder = (await Server.PostAsync($"content/users/{Admin}/createFolder", admin, ("title", Unique.Name("svcfolder")))).GetProperty("folder").Str("id");
        var created = await Server.PostAsync($"content/users/{Admin}/{folder}/createService", admin, ("createParameters", $$$"""{"name":"{{{name}}}"}"""));
        created.AssertSuccess();
        Assert.Equal(folder, (await Server.GetAsync($"content/items/{created.Str("itemId")}", admin)).Str("ownerFolder"));
    }

    [Fact]
    public async Task AddToDefinition_creates_layers_and_tables_with_every_field_type_domain_default_and_editor_tracking()
    {
        var admin = await Server.AdminTokenAsync();
        var name = Unique.Name("Sites");
        await Server.CreateServiceAsync(admin, Admin, name, extra: ""","editorTrackingInfo":{"enableEditorTracking":true,"enableOwnershipAccessControl":false}""");
        var added = await Server.PostAsync(AdminSvc(name) + "/addToDefinition", admin, ("addToDefinition", SitesAndVisits));
        added.AssertSuccess();
        Assert.Equal("Sites", added.GetProperty("layers")[0].Str("name"));
        Assert.Equal(0, added.GetProperty("layers")[0].GetProperty("id").GetInt32());
        Assert.Equal("Visits", added.GetProperty("tables")[0].Str("name"));
        Assert.Equal(1, added.GetProperty("tables")[0].GetProperty("id").GetInt32());

        var layer = await Server.GetAsync($"{Svc(name)}/0", admin);
        Assert.Equal(("Sites", "Feature Layer", "esriGeometryPoint"), (layer.Str("name"), layer.Str("type"), layer.Str("geometryType")));
        Assert.Equal(("OBJECTID", "GlobalID", "name"), (layer.Str("objectIdField"), layer.Str("globalIdField"), layer.Str("displayField")));
        Assert.True(layer.GetProperty("hasAttachments").GetBoolean());
        Assert.True(layer.GetProperty("supportsApplyEditsWithGlobalIds").GetBoolean());
        Assert.Equal(4326, layer.GetProperty("spatialReference").GetProperty("wkid").GetInt32());
        Assert.Equal("NaN", layer.GetProperty("extent").Str("xmin"));
        var fields = layer.GetProperty("fields").EnumerateArray().ToDictionary(f => f.Str("name"));
        var expectedTypes = new Dictionary<string, string>
        {
            ["OBJECTID"] = "esriFieldTypeOID", ["GlobalID"] = "esriFieldTypeGlobalID", ["name"] = "esriFieldTypeString",
            ["kind"] = "esriFieldTypeString", ["status"] = "esriFieldTypeSmallInteger", ["score"] = "esriFieldTypeDouble",
            ["visits"] = "esriFieldTypeInteger", ["big"] = "esriFieldTypeBigInteger", ["ratio"] = "esriFieldTypeSingle",
            ["seen"] = "esriFieldTypeDate", ["day"] = "esriFieldTypeDateOnly", ["tod"] = "esriFieldTypeTimeOnly",
            ["ts"] = "esriFieldTypeTimestampOffset", ["ref"] = "esriFieldTypeGUID", ["raw"] = "esriFieldTypeBlob", ["doc"] = "esriFieldTypeXML",
            ["CreationDate"] = "esriFieldTypeDate", ["Creator"] = "esriFieldTypeString", ["EditDate"] = "esriFieldTypeDate", ["Editor"] = "esriFieldTypeString",
        };
        Assert.Equal(expectedTypes.Keys.Order(), fields.Keys.Order());
        Assert.All(expectedTypes, e => Assert.Equal(e.Value, fields[e.Key].Str("type")));
        Assert.Equal(("Site name", 20, false), (fields["name"].Str("alias"), fields["name"].GetProperty("length").GetInt32(), fields["name"].GetProperty("nullable").GetBoolean()));
        Assert.Equal("unknown", fields["kind"].Str("defaultValue"));
        Assert.Equal(0, fields["status"].GetProperty("defaultValue").GetInt32());
        var coded = fields["status"].GetProperty("domain");
        Assert.Equal(("codedValue", "SiteStatus"), (coded.Str("type"), coded.Str("name")));
        Assert.Equal(["open", "closed"], coded.GetProperty("codedValues").EnumerateArray().Select(c => c.Str("name")));
        Assert.Equal([0.0, 100.0], fields["score"].GetProperty("domain").GetProperty("range").EnumerateArray().Select(v => v.GetDouble()));
        Assert.False(fields["OBJECTID"].GetProperty("editable").GetBoolean());
        Assert.False(fields["Creator"].GetProperty("editable").GetBoolean());
        var tracking = layer.GetProperty("editFieldsInfo");
        Assert.Equal(("CreationDate", "Creator", "EditDate", "Editor"), (tracking.Str("creationDateField"), tracking.Str("creatorField"), tracking.Str("editDateField"), tracking.Str("editorField")));

        var table = await Server.GetAsync($"{HostedSvc(name)}/1", admin);
        Assert.Equal(("Visits", "Table"), (table.Str("name"), table.Str("type")));
        Assert.False(table.TryGetProperty("geometryType", out _));
        Assert.False(table.TryGetProperty("extent", out _));

        var service = await Server.GetAsync(Svc(name), admin);
        var entry = Assert.Single(service.GetProperty("layers").EnumerateArray());
        Assert.Equal((0, "Sites", -1, "Feature Layer", "esriGeometryPoint"), (entry.GetProperty("id").GetInt32(), entry.Str("name"), entry.GetProperty("parentLayerId").GetInt32(), entry.Str("type"), entry.Str("geometryType")));
        var tableEntry = Assert.Single(service.GetProperty("tables").EnumerateArray());
        Assert.Equal(("Visits", "Table"), (tableEntry.Str("name"), tableEntry.Str("type")));
        Assert.False(tableEntry.TryGetProperty("geometryType", out _));
        Assert.True(service.GetProperty("editorTrackingInfo").GetProperty("enableEditorTracking").GetBoolean());
        Assert.True(service.GetProperty("supportsApplyEditsWithGlobalIds").GetBoolean());
        Assert.Equal("Create,Delete,Query,Update,Uploads,Editing", service.Str("capabilities"));

        var all = await Server.GetAsync($"{Svc(name)}/layers", admin);
        Assert.Equal("Sites", Assert.Single(all.GetProperty("layers").EnumerateArray()).Str("name"));
        Assert.Equal("Visits", Assert.Single(all.GetProperty("tables").EnumerateArray()).Str("name"));
        Assert.Equal(JsonValueKind.Array, all.GetProperty("layers")[0].GetProperty("fields").ValueKind);
    }

    [Fact]
    public async Task The_catalog_lists_services_under_both_shapes()
    {
        var admin = await Server.AdminTokenAsync();
        var name = Unique.Name("Listed");
        await Server.CreateServiceWithAsync(admin, Admin, name);

        var root = await Server.GetAsync("/rest/services", admin);
        Assert.Equal(["Hosted", "Tools"], root.Strings("folders"));
        var listed = Assert.Single(root.GetProperty("services").EnumerateArray(), s => s.Str("name") == name);
        Assert.Equal("FeatureServer", listed.Str("type"));
        Assert.EndsWith(Svc(name), listed.Str("url"), StringComparison.Ordinal);
        var hosted = await Server.GetAsync("/rest/services/Hosted", admin);
        Assert.Contains(hosted.GetProperty("services").EnumerateArray(), s => s.Str("name") == "Hosted/" + name);
        Assert.DoesNotContain((await Server.GetAsync("/rest/services", null)).GetProperty("services").EnumerateArray(), s => s.Str("name") == name);

        var agol = await Server.GetAsync($"{Svc(name)}/0", admin);
        var enterprise = await Server.GetAsync($"{HostedSvc(name)}/0", admin);
        Assert.Equal(agol.ToString(), enterprise.ToString());
    }

    [Fact]
    public async Task UpdateDefinition_changes_service_capabilities_record_limit_and_layer_properties()
    {
        var admin = await Server.AdminTokenAsync();
        var name = Unique.Name("Upd");
        await Server.CreateServiceWithAsync(admin, Admin, name);

        (await Server.PostAsync(AdminSvc(name) + "/updateDefinition", admin,
            ("updateDefinition", """{"capabilities":"Query,Create,Update,Delete,Editing,ChangeTracking","maxRecordCount":3,"description":"d2"}"""))).AssertSuccess();
        var service = await Server.GetAsync(Svc(name), admin);
        Assert.Equal("Create,Delete,Query,Update,Uploads,Editing,ChangeTracking", service.Str("capabilities"));
        Assert.Equal((3, "d2"), (service.GetProperty("maxRecordCount").GetInt32(), service.Str("description")));
        Assert.True(service.GetProperty("extractChangesCapabilities").GetProperty("supportsServerGens").GetBoolean());
        Assert.Equal([0, 1], service.GetProperty("changeTrackingInfo").GetProperty("layerServerGens").EnumerateArray().Select(g => g.GetProperty("id").GetInt32()));
        Assert.Equal(3, (await Server.GetAsync($"{Svc(name)}/0", admin)).GetProperty("maxRecordCount").GetInt32());

        // Enterprise shape, layer level: properties, a field alias and a field domain.
        (await Server.PostAsync(EnterpriseAdminSvc(name) + "/0/updateDefinition", admin, ("updateDefinition", """
            {"name":"Sites2","description":"renamed","fields":[
              {"name":"KIND","alias":"Kind of site"},
              {"name":"status","domain":{"type":"codedValue","name":"S2","codedValues":[{"name":"open","code":0},{"name":"closed","code":1},{"name":"gone","code":2}]}}]}
            """))).AssertSuccess();
        var layer = await Server.GetAsync($"{Svc(name)}/0", admin);
        Assert.Equal(("Sites2", "renamed"), (layer.Str("name"), layer.Str("description")));
        var fields = layer.GetProperty("fields").EnumerateArray().ToDictionary(f => f.Str("name"));
        Assert.Equal("Kind of site", fields["kind"].Str("alias"));
        Assert.Equal(3, fields["status"].GetProperty("domain").GetProperty("codedValues").GetArrayLength());
        Assert.Equal("Sites2", (await Server.GetAsync(Svc(name), admin)).GetProperty("layers")[0].Str("name"));

        // The widened domain is enforced by edits; the type of a field cannot change.
        Assert.Single(await Server.AddAsync(admin, name, 0, """[{"attributes":{"name":"g","status":2},"geometry":{"x":1,"y":1}}]"""));
        (await Server.PostAsync(AdminSvc(name) + "/0/updateDefinition", admin, ("updateDefinition", """{"fields":[{"name":"status","type":"esriFieldTypeString"}]}"""))).AssertError(400);

        // Service capabilities without edits switch editing off.
        (await Server.PostAsync(EnterpriseAdminSvc(name) + "/updateDefinition", admin, ("updateDefinition", """{"capabilities":"Query"}"""))).AssertSuccess();
        var refused = await Server.ApplyEditsAsync(admin, name, 0, ("adds", """[{"attributes":{"name":"x"}}]"""));
        refused.AssertError(400);
        Assert.Equal("Requested operation is not supported by this service.", refused.GetProperty("error").Str("message"));
    }

    [Fact]
    public async Task UpdateDefinition_turns_Sync_on_and_off_and_replica_operations_are_refused()
    {
        var admin = await Server.AdminTokenAsync();
        var name = Unique.Name("Synced");
        await Server.CreateServiceWithAsync(admin, Admin, name);
        var service = await Server.GetAsync(Svc(name), admin);
        Assert.False(service.GetProperty("syncEnabled").GetBoolean());
        Assert.False(service.TryGetProperty("syncCapabilities", out _));

        (await Server.PostAsync(AdminSvc(name) + "/updateDefinition", admin, ("updateDefinition", """{"capabilities":"Query,Editing,ChangeTracking,Sync"}"""))).AssertSuccess();
        service = await Server.GetAsync(Svc(name), admin);
        Assert.Equal("Create,Delete,Query,Update,Uploads,Editing,Sync,ChangeTracking", service.Str("capabilities"));
        Assert.True(service.GetProperty("syncEnabled").GetBoolean());
        var sync = service.GetProperty("syncCapabilities");
        string[] syncKeys =
        [
            "supportsAsync", "supportsRegisteringExistingData", "supportsSyncDirectionControl", "supportsPerLayerSync", "supportsPerReplicaSync",
            "supportsRollbackOnFailure", "supportedSyncDataOptions",
        ];
        Assert.Equal(syncKeys, sync.EnumerateObject().Select(p => p.Name));
        Assert.True(service.GetProperty("extractChangesCapabilities").GetProperty("supportsServerGens").GetBoolean());

        // A Sync service tracks its edits like any other: extractChanges answers for them.
        var added = await Server.AddAsync(admin, name, 0, """[{"attributes":{"name":"synced"},"geometry":{"x":1,"y":1}}]""");
        var changes = await Server.PostAsync(Svc(name) + "/extractChanges", admin, ("serverGens", "[0]"), ("layers", "[0]"), ("returnIdsOnly", "true"));
        Assert.Equal(added, changes.GetProperty("edits")[0].GetProperty("objectIds").GetProperty("adds").EnumerateArray().Select(i => i.GetInt64()));

        // Sync needs change tracking, so asking for Sync alone (Enterprise shape) brings ChangeTracking with it.
        (await Server.PostAsync(EnterpriseAdminSvc(name) + "/updateDefinition", admin, ("updateDefinition", """{"capabilities":"Query,Sync"}"""))).AssertSuccess();
        service = await Server.GetAsync(HostedSvc(name), admin);
        Assert.Equal(("Query,Sync,ChangeTracking", true), (service.Str("capabilities"), service.GetProperty("syncEnabled").GetBoolean()));

        // Replicas are not served: the operations answer ArcGIS's "not supported" envelope, not a server error.
        foreach (var operation in new[] { "createReplica", "synchronizeReplica", "unRegisterReplica" })
        {
            var refused = await Server.PostAsync($"{Svc(name)}/{operation}", admin, ("layers", "0"), ("replicaName", "r"));
            refused.AssertError(400);
            Assert.Equal("Requested operation is not supported by this service.", refused.GetProperty("error").Str("message"));
        }

        (await Server.GetAsync($"{HostedSvc(name)}/replicas", admin)).AssertError(400);
        (await Server.PostAsync("/rest/services/NoSuchService/FeatureServer/createReplica", admin)).AssertError(400);

        // Off again: no Sync in the capabilities, syncEnabled false, no syncCapabilities; change tracking stays as asked.
        (await Server.PostAsync(AdminSvc(name) + "/updateDefinition", admin, ("updateDefinition", """{"capabilities":"Query,Editing,ChangeTracking"}"""))).AssertSuccess();
        service = await Server.GetAsync(Svc(name), admin);
        Assert.Equal(("Create,Delete,Query,Update,Uploads,Editing,ChangeTracking", false), (service.Str("capabilities"), service.GetProperty("syncEnabled").GetBoolean()));
        Assert.False(service.TryGetProperty("syncCapabilities", out _));
    }

    [Fact]
    public async Task A_geometry_field_in_addToDefinition_is_the_layer_shape_not_an_attribute()
    {
        var admin = await Server.AdminTokenAsync();
        var name = Unique.Name("Shaped");
        await Server.CreateServiceAsync(admin, Admin, name);
        (await Server.PostAsync(AdminSvc(name) + "/addToDefinition", admin, ("addToDefinition", """
            {"layers":[{"name":"Parcels","geometryType":"esriGeometryPolygon","fields":[
              {"name":"OBJECTID","type":"esriFieldTypeOID"},{"name":"Shape","type":"esriFieldTypeGeometry","alias":"Shape"},
              {"name":"label","type":"esriFieldTypeString"}]}]}
            """))).AssertSuccess();
        var layer = await Server.GetAsync($"{Svc(name)}/0", admin);
        Assert.Equal("esriGeometryPolygon", layer.Str("geometryType"));
        Assert.Equal(["OBJECTID", "label"], layer.GetProperty("fields").EnumerateArray().Select(f => f.Str("name")));

        var id = Assert.Single(await Server.AddAsync(admin, name, 0, """[{"attributes":{"label":"p"},"geometry":{"rings":[[[0,0],[0,2],[2,2],[2,0],[0,0]]]}}]"""));
        var feature = await Server.FeatureAsync(admin, name, 0, id);
        Assert.False(feature.GetProperty("attributes").TryGetProperty("Shape", out _));
        Assert.Equal(5, feature.GetProperty("geometry").GetProperty("rings")[0].GetArrayLength());
        Assert.Equal([id], await Server.IdsAsync(admin, name, 0, "Shape IS NOT NULL"));

        // A table has no shape to describe, a layer has one, and a shape cannot be added to an existing layer later.
        foreach (var (path, definition) in new[]
        {
            ("/addToDefinition", """{"tables":[{"name":"T","fields":[{"name":"Shape","type":"esriFieldTypeGeometry"}]}]}"""),
            ("/addToDefinition", """{"layers":[{"name":"L","geometryType":"esriGeometryPoint","fields":[{"name":"Shape","type":"esriFieldTypeGeometry"},{"name":"Shape2","type":"esriFieldTypeGeometry"}]}]}"""),
            ("/0/addToDefinition", """{"fields":[{"name":"Shape2","type":"esriFieldTypeGeometry"}]}"""),
        })
        {
            var refused = await Server.PostAsync(AdminSvc(name) + path, admin, ("addToDefinition", definition));
            refused.AssertError(400);
            Assert.Contains("Shape", refused.GetProperty("error").GetProperty("details")[0].GetString(), StringComparison.Ordinal);
        }

        var service = await Server.GetAsync(Svc(name), admin);
        Assert.Equal((1, 0), (service.GetProperty("layers").GetArrayLength(), service.GetProperty("tables").GetArrayLength()));
        Assert.Equal(2, (await Server.GetAsync($"{Svc(name)}/0", admin)).GetProperty("fields").GetArrayLength());
    }

    [Fact]
    public async Task Enterprise_admin_without_a_folder_and_Online_admin_with_Hosted_add_and_update_definitions()
    {
        var admin = await Server.AdminTokenAsync();
        var name = Unique.Name("Shapes");
        await Server.CreateServiceAsync(admin, Admin, name);
        string[] roots = [$"/admin/services/{name}.FeatureServer", $"/rest/admin/services/Hosted/{name}/FeatureServer"];
        foreach (var (root, index) in roots.Select((root, index) => (root, index)))
        {
            var layerName = $"Via{index}";
            var added = await Server.PostAsync(root + "/addToDefinition", admin, ("addToDefinition", $$$"""
                {"layers":[{"name":"{{{layerName}}}","geometryType":"esriGeometryPoint","fields":[{"name":"label","type":"esriFieldTypeString"}]}]}
                """));
            added.AssertSuccess();
            var id = added.GetProperty("layers")[0].GetProperty("id").GetInt32();
            Assert.Equal(index, id);
            (await Server.PostAsync($"{root}/{id}/addToDefinition", admin, ("addToDefinition", """{"fields":[{"name":"extra","type":"esriFieldTypeInteger"}]}"""))).AssertSuccess();
            (await Server.PostAsync($"{root}/{id}/updateDefinition", admin, ("updateDefinition", $$$"""{"description":"layer via {{{root}}}"}"""))).AssertSuccess();
            (await Server.PostAsync(root + "/updateDefinition", admin, ("updateDefinition", $$$"""{"description":"service via {{{root}}}","capabilities":"Query,Create"}"""))).AssertSuccess();

            var layer = await Server.GetAsync($"{Svc(name)}/{id}", admin);
            Assert.Equal((layerName, $"layer via {root}"), (layer.Str("name"), layer.Str("description")));
            Assert.Contains("extra", layer.GetProperty("fields").EnumerateArray().Select(f => f.Str("name")));
            var service = await Server.GetAsync(HostedSvc(name), admin);
            Assert.Equal(($"service via {root}", "Create,Query,Uploads"), (service.Str("description"), service.Str("capabilities")));
            Assert.Equal(index + 1, service.GetProperty("layers").GetArrayLength());
            Assert.Single(await Server.AddAsync(admin, name, id, """[{"attributes":{"label":"a","extra":1},"geometry":{"x":1,"y":1}}]"""));

            (await Server.PostAsync(root.Replace(name, "NoSuchService", StringComparison.Ordinal) + "/updateDefinition", admin, ("updateDefinition", """{"description":"x"}"""))).AssertError(400);
            (await Server.PostAsync(root + "/updateDefinition", null, ("updateDefinition", """{"description":"x"}"""))).AssertError(499);
            (await Server.PostAsync(root + "/updateDefinition", admin, ("updateDefinition", """{"capabilities":"Query,Editing"}"""))).AssertSuccess();
        }
    }

    [Fact]
    public async Task Layer_addToDefinition_adds_fields_that_edits_and_queries_use()
    {
        var admin = await Server.AdminTokenAsync();
        var name = Unique.Name("AddF");
        await Server.CreateServiceWithAsync(admin, Admin, name);
        var oid = Assert.Single(await Server.AddAsync(admin, name, 0, """[{"attributes":{"name":"before"},"geometry":{"x":1,"y":2}}]"""));

        (await Server.PostAsync(EnterpriseAdminSvc(name) + "/0/addToDefinition", admin, ("addToDefinition", """
            {"fields":[{"name":"height","type":"esriFieldTypeDouble","nullable":false,"defaultValue":2.5},
                       {"name":"owner","type":"esriFieldTypeString","length":10}]}
            """))).AssertSuccess();
        var existing = await Server.FeatureAsync(admin, name, 0, oid);
        Assert.Equal(2.5, existing.GetProperty("attributes").GetProperty("height").GetDouble());
        Assert.Equal(JsonValueKind.Null, existing.GetProperty("attributes").GetProperty("owner").ValueKind);
        Assert.Single(await Server.AddAsync(admin, name, 0, """[{"attributes":{"name":"after","owner":"me","height":7}}]"""));
        Assert.Equal(1, await Server.CountAsync(admin, name, 0, "owner = 'me' AND height > 5"));

        // A duplicate field, a non-nullable field without default and a second object id are refused.
        foreach (var bad in new[]
        {
            """{"fields":[{"name":"HEIGHT","type":"esriFieldTypeDouble"}]}""",
            """{"fields":[{"name":"must","type":"esriFieldTypeInteger","nullable":false}]}""",
            """{"fields":[{"name":"oid2","type":"esriFieldTypeOID"}]}""",
        })
        {
            (await Server.PostAsync(AdminSvc(name) + "/0/addToDefinition", admin, ("addToDefinition", bad))).AssertError(400);
        }
    }

    [Fact]
    public async Task GlobalIDs_and_attachments_can_be_turned_on_later()
    {
        var admin = await Server.AdminTokenAsync();
        var name = Unique.Name("Later");
        await Server.CreateServiceWithAsync(admin, Admin, name, """{"layers":[{"name":"Plain","geometryType":"esriGeometryPoint","fields":[{"name":"label","type":"esriFieldTypeString"}]}]}""");
        var layer = await Server.GetAsync($"{Svc(name)}/0", admin);
        Assert.Equal(("", false, false), (layer.Str("globalIdField"), layer.GetProperty("hasAttachments").GetBoolean(), layer.GetProperty("supportsApplyEditsWithGlobalIds").GetBoolean()));
        Assert.Equal(4326, layer.GetProperty("spatialReference").GetProperty("wkid").GetInt32()); // from the service
        var before = Assert.Single(await Server.AddAsync(admin, name, 0, """[{"attributes":{"label":"old"}}]"""));
        Assert.False(Assert.Single((await Server.ApplyEditsAsync(admin, name, 0, ("adds", """[{"attributes":{"label":"x"}}]"""))).GetProperty("addResults").EnumerateArray()).TryGetProperty("globalId", out _));

        (await Server.PostAsync(AdminSvc(name) + "/0/addToDefinition", admin, ("addToDefinition", """{"fields":[{"name":"GlobalID","type":"esriFieldTypeGlobalID"}]}"""))).AssertSuccess();
        (await Server.PostAsync(AdminSvc(name) + "/0/updateDefinition", admin, ("updateDefinition", """{"hasAttachments":true}"""))).AssertSuccess();
        layer = await Server.GetAsync($"{Svc(name)}/0", admin);
        Assert.Equal(("GlobalID", true, true), (layer.Str("globalIdField"), layer.GetProperty("hasAttachments").GetBoolean(), layer.GetProperty("supportsApplyEditsWithGlobalIds").GetBoolean()));
        Assert.True((await Server.GetAsync(Svc(name), admin)).GetProperty("supportsApplyEditsWithGlobalIds").GetBoolean());

        var added = await Server.ApplyEditsAsync(admin, name, 0, ("adds", """[{"attributes":{"label":"new"}}]"""));
        Assert.Matches("^\\{[0-9A-F-]{36}\\}$", added.GetProperty("addResults")[0].Str("globalId"));
        var old = (await Server.FeatureAsync(admin, name, 0, before)).GetProperty("attributes");
        Assert.Matches("^\\{[0-9A-F-]{36}\\}$", old.Str("GlobalID"));
        var attached = await Server.PostFileAsync($"{Svc(name)}/0/{before}/addAttachment", admin, "attachment", "a.txt", "text/plain", [1]);
        Assert.True(attached.GetProperty("addAttachmentResult").GetProperty("success").GetBoolean(), attached.ToString());
        Assert.Equal(old.Str("GlobalID"), (await Server.GetAsync($"{Svc(name)}/0/{before}/attachments", admin)).GetProperty("attachmentInfos")[0].Str("parentGlobalId"));
    }

    [Fact]
    public async Task DeleteFromDefinition_drops_fields_and_layers()
    {
        var admin = await Server.AdminTokenAsync();
        var name = Unique.Name("Del");
        await Server.CreateServiceWithAsync(admin, Admin, name);
        Assert.Single(await Server.AddAsync(admin, name, 0, """[{"attributes":{"name":"a","kind":"k"},"geometry":{"x":1,"y":2}}]"""));

        (await Server.PostAsync(AdminSvc(name) + "/0/deleteFromDefinition", admin, ("deleteFromDefinition", """{"fields":[{"name":"kind"}]}"""))).AssertSuccess();
        var fields = (await Server.GetAsync($"{Svc(name)}/0", admin)).GetProperty("fields").EnumerateArray().Select(f => f.Str("name")).ToList();
        Assert.DoesNotContain("kind", fields);
        Assert.Contains("name", fields);
        (await Server.QueryAsync(admin, name, 0, ("where", "kind = 'k'"))).AssertError(400);
        Assert.Equal(1, await Server.CountAsync(admin, name, 0));
        (await Server.PostAsync(AdminSvc(name) + "/0/deleteFromDefinition", admin, ("deleteFromDefinition", """{"fields":[{"name":"OBJECTID"}]}"""))).AssertError(400);
        (await Server.PostAsync(AdminSvc(name) + "/0/deleteFromDefinition", admin, ("deleteFromDefinition", """{"fields":[{"name":"nope"}]}"""))).AssertError(400);

        (await Server.PostAsync(EnterpriseAdminSvc(name) + "/deleteFromDefinition", admin, ("deleteFromDefinition", """{"layers":[{"id":"1"}]}"""))).AssertSuccess();
        var service = await Server.GetAsync(Svc(name), admin);
        Assert.Equal(0, service.GetProperty("tables").GetArrayLength());
        Assert.Equal(1, service.GetProperty("layers").GetArrayLength());
        (await Server.GetAsync($"{Svc(name)}/1", admin)).AssertError(400);
        (await Server.QueryAsync(admin, name, 1, ("where", "1=1"))).AssertError(400);
        (await Server.PostAsync(AdminSvc(name) + "/deleteFromDefinition", admin, ("deleteFromDefinition", """{"layers":[{"id":7}]}"""))).AssertError(400);

        // A new layer may reuse the freed id, and starts empty.
        var readded = await Server.PostAsync(AdminSvc(name) + "/addToDefinition", admin, ("addToDefinition", """{"tables":[{"name":"Again","id":1,"fields":[{"name":"n","type":"esriFieldTypeInteger"}]}]}"""));
        Assert.Equal(1, readded.GetProperty("tables")[0].GetProperty("id").GetInt32());
        Assert.Equal(0, await Server.CountAsync(admin, name, 1));
    }

    [Fact]
    public async Task Deleting_the_item_deletes_the_service()
    {
        var admin = await Server.AdminTokenAsync();
        var name = Unique.Name("Gone");
        var id = await Server.CreateServiceWithAsync(admin, Admin, name);
        Assert.Single(await Server.AddAsync(admin, name, 0, """[{"attributes":{"name":"a"},"geometry":{"x":1,"y":2}}]"""));

        (await Server.PostAsync($"content/users/{Admin}/items/{id}/delete", admin)).AssertSuccess();
        (await Server.GetAsync(Svc(name), admin)).AssertError(400);
        (await Server.GetAsync($"{HostedSvc(name)}/0", admin)).AssertError(400);
        (await Server.QueryAsync(admin, name, 0, ("where", "1=1"))).AssertError(400);
        (await Server.ApplyEditsAsync(admin, name, 0, ("adds", """[{"attributes":{"name":"b"}}]"""))).AssertError(400);
        (await Server.PostAsync(AdminSvc(name) + "/updateDefinition", admin, ("updateDefinition", """{"description":"x"}"""))).AssertError(400);
        Assert.DoesNotContain((await Server.GetAsync("/rest/services", admin)).GetProperty("services").EnumerateArray(), s => s.Str("name") == name);

        // The name is free again, and the new service starts without the old data.
        Assert.True((await Server.GetAsync("portals/self/isServiceNameAvailable", admin, ("name", name))).GetProperty("available").GetBoolean());
        await Server.CreateServiceWithAsync(admin, Admin, name);
        Assert.Equal(0, await Server.CountAsync(admin, name, 0));
    }
}

public sealed class SqliteDefinitionTests(SqliteServerFixture f) : DefinitionTests(f), IClassFixture<SqliteServerFixture>;

public sealed class PostgresDefinitionTests(PostgresServerFixture f) : DefinitionTests(f), IClassFixture<PostgresServerFixture>;
