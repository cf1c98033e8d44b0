namespace Geohooks.Core.Portal;

/// <summary>The signed-in user a request acts for, with the organization they belong to.</summary>
public sealed record Caller(User User, Org Org)
{
    public string Username => User.Username;

    public bool IsAdmin => User.Role == Roles.Admin;

    public bool Has(string privilege) => Roles.Has(User.Role, privilege);

    public Search.Viewer Viewer => new(User.Username, User.OrgId, IsAdmin);

    public static Search.Viewer ViewerOf(Caller? caller) => caller?.Viewer ?? Search.Viewer.Anonymous;
}
