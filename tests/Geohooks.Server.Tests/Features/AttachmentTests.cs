using System.Text;
using Geohooks.Core.Features;
using Geohooks.Server.Tests.Infrastructure;
using static Geohooks.Server.Tests.Features.FeatureKit;

namespace Geohooks.Server.Tests.Features;

/// <summary>
/// Attachment edits: the multipart operations and the applyEdits attachments block. The stored bytes are read back
/// from the store (main serves no attachment list or download resource yet).
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

    /// <summary>The stored attachments of one feature of layer 0 with their bytes, in id order.</summary>
    private async Task<List<(Attachment Info, byte[] Data)>> StoredAsync(string name, long parent)
    {
        await using var session = await Server.Store.ReadAsync(CancellationToken.None);
        var org = await session.Orgs.GetDefaultAsync(CancellationToken.None);
        var service = await session.Features.FindByNameAsync(org!.Id, name, CancellationToken.None);
        var layer = service!.FindLayer(0)!;
        var list = new List<(Attachment, byte[])>();
        foreach (var a in await session.Features.ListAttachmentsAsync(layer, [parent], CancellationToken.None))
        {
            list.Add((a, (await session.Features.GetAttachmentDataAsync(layer, a.Id, CancellationToken.None))!));
        }

        return list;
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
        (await Server.ApplyEditsAsync(admin, name, 0, ("deletes", $"{oid}"))).GetProperty("deleteResults");
        Assert.Empty(await StoredAsync(name, oid));
    }
}

public sealed class SqliteAttachmentTests(SqliteServerFixture f) : AttachmentTests(f), IClassFixture<SqliteServerFixture>;

public sealed class PostgresAttachmentTests(PostgresServerFixture f) : AttachmentTests(f), IClassFixture<PostgresServerFixture>;
