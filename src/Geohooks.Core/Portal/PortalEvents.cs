using System.Text.Json;
using Geohooks.Core.Security;
using Geohooks.Core.Storage;

namespace Geohooks.Core.Portal;

/// <summary>Records a portal event in the caller's open write session, so it commits or rolls back with the change.</summary>
public static class PortalEvents
{
    public static Task RecordAsync(
        IStoreSession session, Caller actor, string source, string operation, string targetId, long when,
        object? properties, CancellationToken ct)
    {
        session.Signal(Channels.Events);
        return session.Events.AppendAsync(
            new PortalEvent
            {
                Id = Ids.NewTimeOrderedId(when),
                OrgId = actor.Org.Id,
                Source = source,
                Operation = operation,
                TargetId = targetId,
                Username = actor.Username,
                UserId = actor.User.Id,
                When = when,
                Properties = properties is null ? "{}" : JsonSerializer.Serialize(properties),
            },
            ct);
    }
}
