using System.Text;
using Geohooks.Core.Features;
using Geohooks.Server.Tests.Infrastructure;
using static Geohooks.Server.Tests.Features.FeatureKit;

namespace Geohooks.Server.Tests.Features;

/// <summary>
/// Attachments: the multipart edit operations, the applyEdits attachments block, and reading them back through
/// the attachment infos, the download URL and queryAttachments.
/// </summary>
public abstract class AttachmentTests(ServerFixture fixture)
{
    private GeohooksServer Server => fixture.Server;

    private async Task<(string Token, string Name, long Oid, string GlobalId)> SitesAsync()
    {
        var admin = await Server.AdminTokenAsync();
        var name = Unique.Name("Att");
        await Server.CreateServiceWithAsync(admin, Admin, name);
        var added = await Server.ApplyEditsAsync(admin, name, 0, ("adds", """[{"attributes":{"name":"with files"},"geometry":{"x":1,"y":1}}]"""));
        var result = added.GetProperty("addResults")[0];
        return (admin, name, result.GetProperty("objectId").GetInt64(), result.Str("globalId"));
    }

    /// <summary>
    /// The attachments of one feature of layer 0 as <c>&lt;oid&gt;/attachments</c> lists them, each with the bytes its
    /// download URL serves (checked against the listed content type and size).
    /// </summary>
    private async Task<List<(Attachment Info, byte[] Data)>> StoredAsync(string name, long parent)
    {
        var token = await Server.AdminTokenAsync();
        var listed = await Server.GetAsync($"{Svc(name)}/0/{parent}/attachments", token);
        var list = new List<(Attachment, byte[])>();
        foreach (var a in listed.GetProperty("attachmentInfos").EnumerateArray())
        {
            var info = new Attachment
            {
                Id = a.GetProperty("id").GetInt64(), ParentObjectId = parent, GlobalId = a.Str("globalId"), ParentGlobalId = a.Str("parentGlobalId"),
                Name = a.Str("name"), ContentType = a.Str("contentType"), Size = a.GetProperty("size").GetInt64(), Keywords = a.Str("keywords"),
            };
            var (type, data) = await Server.RawGetAsync($"{Svc(name)}/0/{parent}/attachments/{info.Id}", token);
            Assert.Equal((info.ContentType, info.Size), (type, data.LongLength));
            list.Add((info, data));
        }

        return [.. list.OrderBy(a => a.Item1.Id)];
    }

    [Fact]
    public async Task Multipart_add_update_and_delete_attachments()
    {
        var (admin, name, oid, globalId) = await SitesAsync();
        var svc = Svc(name);
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.4 permit");
        var added = await Server.PostFileAsync($"{svc}/0/{oid}/addAttachment", admin, "attachment", "permit.pdf", "application/pdf", pdf, ("keywords", "permit"));
        var result = added.GetProperty("addAttachmentResult");
        Assert.True(result.GetProperty("success").GetBoolean(), added.ToString());
        var first = result.GetProperty("objectId").GetInt64();
        Assert.Matches("^\\{[0-9A-F-]{36}\\}$", result.Str("globalId"));
        var second = (await Server.PostFileAsync($"{svc}/0/{oid}/addAttachment", admin, "attachment", "photo.jpg", "image/jpeg", [0xFF, 0xD8, 0xFF]))
            .GetProperty("addAttachmentResult").GetProperty("objectId").GetInt64();
        Assert.NotEqual(first, second);

        var stored = await StoredAsync(name, oid);
        Assert.Equal([first, second], stored.Select(s => s.Info.Id));
        Assert.Equal(("permit.pdf", "application/pdf", pdf.LongLength, "permit", globalId), (stored[0].Info.Name, stored[0].Info.ContentType, stored[0].Info.Size, stored[0].Info.Keywords, stored[0].Info.ParentGlobalId));
        Assert.Equal(pdf, stored[0].Data);

        var replaced = await Server.PostFileAsync($"{svc}/0/{oid}/updateAttachment", admin, "attachment", "permit-v2.pdf", "application/pdf", Encoding.ASCII.GetBytes("%PDF-1.7 v2"), ("attachmentId", $"{first}"));
        Assert.Equal((first, true), (replaced.GetProperty("updateAttachmentResult").GetProperty("objectId").GetInt64(), replaced.GetProperty("updateAttachmentResult").GetProperty("success").GetBoolean()));
        stored = await StoredAsync(name, oid);
        Assert.Equal(("permit-v2.pdf", "%PDF-1.7 v2"), (stored[0].Info.Name, Encoding.ASCII.GetString(stored[0].Data)));
        Assert.Equal(result.Str("globalId"), stored[0].Info.GlobalId);

        // Failures are per-attachment results with the attachment codes, not envelopes.
        var noParent = await Server.PostFileAsync($"{svc}/0/987654/addAttachment", admin, "attachment", "x.txt", "text/plain", [1]);
        Assert.Equal(1008, noParent.GetProperty("addAttachmentResult").GetProperty("error").GetProperty("code").GetInt32());
        var wrongParent = await Server.PostFileAsync($"{svc}/0/987654/updateAttachment", admin, "attachment", "x.txt", "text/plain", [1], ("attachmentId", $"{first}"));
        Assert.Equal(1009, wrongParent.GetProperty("updateAttachmentResult").GetProperty("error").GetProperty("code").GetInt32());

        var deleted = await Server.PostAsync($"{svc}/0/{oid}/deleteAttachments", admin, ("attachmentIds", $"{first},987654,{second}"));
        var results = deleted.GetProperty("deleteAttachmentResults").EnumerateArray().ToList();
        Assert.Equal([first, 987654, second], results.Select(r => r.GetProperty("objectId").GetInt64()));
        Assert.Equal([true, false, true], results.Select(r => r.GetProperty("success").GetBoolean()));
        Assert.Equal(1010, results[1].GetProperty("error").GetProperty("code").GetInt32());
        Assert.Empty(await StoredAsync(name, oid));

        // The table has no attachments; a missing file part is a 400.
        var table = await Server.ApplyEditsAsync(admin, name, 1, ("adds", """[{"attributes":{"note":"n"}}]"""));
        var row = table.GetProperty("addResults")[0].GetProperty("objectId").GetInt64();
        var refused = await Server.PostFileAsync($"{svc}/1/{row}/addAttachment", admin, "attachment", "x.txt", "text/plain", [1]);
        refused.AssertError(400);
        Assert.Equal("Requested operation is not supported by this service.", refused.GetProperty("error").Str("message"));
        (await Server.PostFileAsync($"{svc}/0/{oid}/addAttachment", admin, "wrongpart", "x.txt", "text/plain", [1])).AssertError(400);
        Assert.Empty(await StoredAsync(name, oid));
    }

    [Fact]
    public async Task ApplyEdits_attachments_block_uses_global_ids_and_inline_data()
    {
        var (admin, name, oid, parent) = await SitesAsync();
        const string A1 = "{5A5A5A5A-0000-4000-8000-000000000001}";
        const string A2 = "{5A5A5A5A-0000-4000-8000-000000000002}";
        var hello = Convert.ToBase64String(Encoding.UTF8.GetBytes("hello"));
        var added = await Server.ApplyEditsAsync(admin, name, 0, ("useGlobalIds", "true"), ("attachments", $$$"""
            {"adds":[{"globalId":"{{{A1}}}","parentGlobalId":"{{{parent}}}","name":"a.txt","contentType":"text/plain","data":"{{{hello}}}"},
                     {"globalId":"{{{A2}}}","parentGlobalId":"{{{parent.ToLowerInvariant()}}}","name":"b.bin","data":"AAEC"}]}
            """));
        var adds = added.GetProperty("attachments").GetProperty("addResults").EnumerateArray().ToList();
        Assert.All(adds, a => Assert.True(a.GetProperty("success").GetBoolean(), added.ToString()));
        Assert.Equal([A1, A2], adds.Select(a => a.Str("globalId")));
        var stored = await StoredAsync(name, oid);
        Assert.Equal(["hello", "\0\u0001\u0002"], stored.Select(s => Encoding.UTF8.GetString(s.Data)));
        Assert.Equal(("a.txt", "text/plain", "application/octet-stream"), (stored[0].Info.Name, stored[0].Info.ContentType, stored[1].Info.ContentType));

        var mixed = await Server.ApplyEditsAsync(admin, name, 0, ("useGlobalIds", "true"), ("rollbackOnFailure", "false"), ("attachments", $$$"""
            {"adds":[{"globalId":"{5A5A5A5A-0000-4000-8000-000000000003}","parentGlobalId":"{00000000-0000-4000-8000-000000000000}","data":"AA=="},
                     {"globalId":"{5A5A5A5A-0000-4000-8000-000000000004}","parentGlobalId":"{{{parent}}}","data":"not base64!"},
                     {"globalId":"{{{A1}}}","parentGlobalId":"{{{parent}}}","data":"AA=="}],
             "updates":[{"globalId":"{{{A1}}}","name":"a2.txt","contentType":"text/plain","data":"{{{Convert.ToBase64String(Encoding.UTF8.GetBytes("bye"))}}}"},
                        {"globalId":"{5A5A5A5A-0000-4000-8000-00000000FFFF}","data":"AA=="}],
             "deletes":["{{{A2}}}","{5A5A5A5A-0000-4000-8000-00000000FFFF}"]}
            """));
        var block = mixed.GetProperty("attachments");
        int[] Codes(string key) => [.. block.GetProperty(key).EnumerateArray().Select(r => r.TryGetProperty("error", out var e) ? e.GetProperty("code").GetInt32() : 0)];
        Assert.Equal([1008, 1008, 1008], Codes("addResults"));
        Assert.Equal([0, 1009], Codes("updateResults"));
        Assert.Equal([0, 1010], Codes("deleteResults"));
        stored = await StoredAsync(name, oid);
        Assert.Equal(("a2.txt", "bye"), (Assert.Single(stored).Info.Name, Encoding.UTF8.GetString(stored[0].Data)));

        // Without useGlobalIds the block is refused, and with rollback one failure keeps everything.
        (await Server.ApplyEditsAsync(admin, name, 0, ("attachments", $$$"""{"deletes":["{{{A1}}}"]}"""))).AssertError(400);
        (await Server.ApplyEditsAsync(admin, name, 0, ("useGlobalIds", "true"), ("attachments", $$$"""
            {"deletes":["{{{A1}}}"],"adds":[{"globalId":"{5A5A5A5A-0000-4000-8000-000000000005}","parentGlobalId":"{00000000-0000-4000-8000-000000000000}","data":"AA=="}]}
            """))).AssertError(400);
        Assert.Single(await StoredAsync(name, oid));

        // Features and their attachments in one call: the new feature's GlobalID is the attachment's parent.
        const string F = "{5A5A5A5A-0000-4000-8000-0000000000F0}";
        var together = await Server.ApplyEditsAsync(admin, name, 0, ("useGlobalIds", "true"), ("adds", $$$"""[{"attributes":{"GlobalID":"{{{F}}}","name":"new"}}]"""),
            ("attachments", $$$"""{"adds":[{"globalId":"{5A5A5A5A-0000-4000-8000-0000000000F1}","parentGlobalId":"{{{F}}}","name":"n.txt","data":"AA=="}]}"""));
        Assert.True(together.GetProperty("attachments").GetProperty("addResults")[0].GetProperty("success").GetBoolean(), together.ToString());
        Assert.Single(await StoredAsync(name, together.GetProperty("addResults")[0].GetProperty("objectId").GetInt64()));

        // Deleting a feature takes its attachments with it.
        var kept = Assert.Single(await StoredAsync(name, oid)).Info.Id;
        Assert.True((await Server.ApplyEditsAsync(admin, name, 0, ("deletes", $"{oid}"))).GetProperty("deleteResults")[0].GetProperty("success").GetBoolean());
        (await Server.GetAsync($"{Svc(name)}/0/{oid}/attachments", admin)).AssertError(404);
        (await Server.GetAsync($"{Svc(name)}/0/{oid}/attachments/{kept}", admin)).AssertError(404);
        var groups = await Server.GetAsync($"{Svc(name)}/0/queryAttachments", admin, ("definitionExpression", "1=1"));
        Assert.DoesNotContain(groups.GetProperty("attachmentGroups").EnumerateArray(), g => g.GetProperty("parentObjectId").GetInt64() == oid);
    }

    [Fact]
    public async Task Attachment_infos_download_and_queryAttachments()
    {
        var (admin, name, oid, parent) = await SitesAsync();
        var svc = Svc(name);
        var other = Assert.Single(await Server.AddAsync(admin, name, 0, """[{"attributes":{"name":"other","kind":"k2"}}]"""));
        Assert.Single(await Server.AddAsync(admin, name, 0, """[{"attributes":{"name":"bare"}}]"""));
        async Task<long> Attach(long feature, string file, string type, int size, string keywords) =>
            (await Server.PostFileAsync($"{svc}/0/{feature}/addAttachment", admin, "attachment", file, type, new byte[size], ("keywords", keywords)))
                .GetProperty("addAttachmentResult").GetProperty("objectId").GetInt64();
        var photo = await Attach(oid, "photo.jpg", "image/jpeg", 100, "photo");
        var permit = await Attach(oid, "permit.pdf", "application/pdf", 2000, "permit");
        var sketch = await Attach(other, "sketch.jpg", "image/jpeg", 50, "photo");

        var infos = (await Server.GetAsync($"{svc}/0/{oid}/attachments", admin)).GetProperty("attachmentInfos").EnumerateArray().ToList();
        Assert.Equal([photo, permit], infos.Select(i => i.GetProperty("id").GetInt64()));
        Assert.Equal(("photo.jpg", "image/jpeg", 100, "photo", parent), (infos[0].Str("name"), infos[0].Str("contentType"), infos[0].GetProperty("size").GetInt32(), infos[0].Str("keywords"), infos[0].Str("parentGlobalId")));
        using (var download = await Server.Http.GetAsync($"{svc.TrimStart('/')}/0/{oid}/attachments/{permit}?token={admin}"))
        {
            Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
            Assert.Equal("permit.pdf", download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
            Assert.Equal(2000, (await download.Content.ReadAsByteArrayAsync()).Length);
        }

        (await Server.GetAsync($"{svc}/0/{oid}/attachments/{sketch}", admin)).AssertError(404);
        (await Server.GetAsync($"{svc}/0/{oid}/attachments/987654", admin)).AssertError(404);
        (await Server.GetAsync($"{svc}/0/987654/attachments", admin)).AssertError(404);
        (await Server.GetAsync($"{svc}/0/{oid}/attachments/{photo}", null)).AssertError(499);
        (await Server.GetAsync($"{svc}/1/1/attachments", admin)).AssertError(400);

        async Task<Dictionary<long, long[]>> Groups(params (string, string)[] p)
        {
            var answer = await Server.GetAsync($"{svc}/0/queryAttachments", admin, p);
            Assert.False(answer.TryGetProperty("error", out _), answer.ToString());
            return answer.GetProperty("attachmentGroups").EnumerateArray().ToDictionary(
                g => g.GetProperty("parentObjectId").GetInt64(),
                g => g.GetProperty("attachmentInfos").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).Order().ToArray());
        }

        var all = await Groups(("definitionExpression", "1=1"));
        Assert.Equal([oid, other], all.Keys.Order());
        Assert.Equal([photo, permit], all[oid]);
        Assert.Equal([sketch], (await Groups(("definitionExpression", "kind = 'k2'")))[other]);
        Assert.Equal([oid], (await Groups(("objectIds", $"{oid}"))).Keys);
        Assert.Equal([oid, other], (await Groups(("objectIds", ""), ("globalIds", ""), ("definitionExpression", "1=1"))).Keys.Order()); // empty means not supplied
        Assert.Equal([oid], (await Groups(("globalIds", parent))).Keys);
        Assert.Equal([photo], (await Groups(("objectIds", $"{oid},{other}"), ("attachmentTypes", "image/jpeg"), ("size", "60,5000")))[oid]);
        Assert.Equal([permit], (await Groups(("definitionExpression", "1=1"), ("keywords", "permit")))[oid]);
        var counted = await Server.GetAsync($"{svc}/0/queryAttachments", admin, ("objectIds", $"{oid}"), ("returnCountOnly", "true"));
        Assert.Equal(2, counted.GetProperty("attachmentGroups")[0].GetProperty("count").GetInt32());
        var withUrl = await Server.GetAsync($"{svc}/0/queryAttachments", admin, ("objectIds", $"{other}"), ("returnUrl", "true"));
        Assert.EndsWith($"{svc}/0/{other}/attachments/{sketch}", withUrl.GetProperty("attachmentGroups")[0].GetProperty("attachmentInfos")[0].Str("url"), StringComparison.Ordinal);

        (await Server.GetAsync($"{svc}/0/queryAttachments", admin)).AssertError(400);
        (await Server.GetAsync($"{svc}/0/queryAttachments", admin, ("definitionExpression", "nope = 1"))).AssertError(400);
        (await Server.GetAsync($"{svc}/0/queryAttachments", admin, ("objectIds", "x"))).AssertError(400);
        (await Server.GetAsync($"{svc}/0/queryAttachments", admin, ("objectIds", $"{oid}"), ("size", "big"))).AssertError(400);
    }
}

public sealed class SqliteAttachmentTests(SqliteServerFixture f) : AttachmentTests(f), IClassFixture<SqliteServerFixture>;

public sealed class PostgresAttachmentTests(PostgresServerFixture f) : AttachmentTests(f), IClassFixture<PostgresServerFixture>;
