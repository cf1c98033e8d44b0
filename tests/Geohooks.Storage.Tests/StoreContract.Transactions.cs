namespace Geohooks.Storage.Tests;

public abstract partial class StoreContract
{
    [Fact]
    public async Task Disposing_a_write_session_without_commit_rolls_everything_back()
    {
        var user = S.User("ghost");
        var item = S.Item(user.Username, "ghost item");
        var portalEvent = S.Event("add");
        var before = await LastSequenceAsync();
        await using (var session = await Store.WriteAsync(Ct))
        {
            await session.Users.InsertAsync(user, Ct);
            await session.Items.InsertAsync(item, Ct);
            await session.Events.AppendAsync(portalEvent, Ct);
            Assert.NotNull(await session.Users.FindByIdAsync(user.Id, Ct));
        }

        Assert.Null(await ReadAsync(s => s.Users.FindByIdAsync(user.Id, Ct)));
        Assert.Null(await ReadAsync(s => s.Items.FindAsync(item.Id, Ct)));
        Assert.DoesNotContain(await ReadAsync(s => s.Events.ReadAfterAsync(before, 1000, Ct)), e => e.Id == portalEvent.Id);
    }

    [Fact]
    public async Task A_read_session_sees_only_committed_data()
    {
        var user = S.User("pending");
        await using var writer = await Store.WriteAsync(Ct);
        await writer.Users.InsertAsync(user, Ct);
        Assert.Null(await ReadAsync(s => s.Users.FindByIdAsync(user.Id, Ct)));
        await writer.CommitAsync(Ct);
        Assert.NotNull(await ReadAsync(s => s.Users.FindByIdAsync(user.Id, Ct)));
    }

    [Fact]
    public async Task Events_get_increasing_sequences_and_are_read_back_in_order()
    {
        var before = await LastSequenceAsync();
        var events = new[] { S.Event("add", "a"), S.Event("update", "b"), S.Event("delete", "c") };
        var sequences = await WriteAsync(async s =>
        {
            var assigned = new List<long>();
            foreach (var portalEvent in events)
            {
                assigned.Add(await s.Events.AppendAsync(portalEvent, Ct));
            }

            return assigned;
        });
        Assert.True(sequences[0] > before);
        Assert.Equal(sequences.Order(), sequences);
        Assert.Equal(sequences.Count, sequences.Distinct().Count());

        var read = await ReadAsync(s => s.Events.ReadAfterAsync(before, 10, Ct));
        Assert.Equal(events.Select((e, i) => e with { Sequence = sequences[i] }), read);

        var afterFirst = await ReadAsync(s => s.Events.ReadAfterAsync(sequences[0], 1, Ct));
        Assert.Equal([events[1].Id], afterFirst.Select(e => e.Id));
        Assert.Empty(await ReadAsync(s => s.Events.ReadAfterAsync(sequences[^1], 10, Ct)));
    }

    private async Task<long> LastSequenceAsync()
    {
        var all = await ReadAsync(s => s.Events.ReadAfterAsync(0, int.MaxValue, Ct));
        return all.Count == 0 ? 0 : all[^1].Sequence;
    }
}
