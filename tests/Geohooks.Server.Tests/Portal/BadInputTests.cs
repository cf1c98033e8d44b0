using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Geohooks.Server.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Geohooks.Server.Tests.Portal;

/// <summary>
/// Bad input gets a clear ArcGIS error and changes nothing: a table of wrong passwords, bad or revoked tokens,
/// missing and malformed parameters, unknown ids, missing privileges, wrong methods and unknown paths, sent to every
/// portal endpoint family. Every answer is HTTP 200 with the error envelope, never a 500 or a stack trace, and no
/// portal event is recorded.
/// </summary>
public abstract class BadInputTests(BadInputWorld world, ITestOutputHelper output)
{
    /// <summary>A 32-hex id that names nothing.</summary>
    private const string Missing = "0123456789abcdef0123456789abcdef";

    /// <summary>An id that tries to climb out of its path segment.</summary>
    private const string Traversal = "..%2F..%2Fetc";

    private const string WrongPassword = "Wrong-pass-999";

    private const string NewPassword = "Newbie-pass-1234";

    private static readonly string[] StackTraceMarkers = [" at Geohooks", "Exception", "   at "];

    /// <summary>
    /// One bad request. <c>Path</c> is under sharing/rest unless it starts with '/'. <c>Parameters</c> is
    /// <c>name=value&amp;...</c>, split at the first '=' of each pair, with placeholders {admin}, {adminPassword},
    /// {member}, {item}, {group}, {folder}, {missing}; <c>f=json</c> is added unless the row sets <c>f</c>. <c>Method</c> is GET, POST
    /// (form), POST:multipart, POST:json (the parameters as a JSON body) or POST:broken-multipart.
    /// </summary>
    public sealed record Row(string Description, string Method, string Path, Tok Token, string Parameters, int Code, string? Message = null);

    public enum Tok
    {
        None,
        Admin,
        Member,
        Garbage,
        Revoked,
        GarbageBearer,
    }

    private const string U = "content/users/{admin}";
    private const string I = "content/users/{admin}/items/{item}";
    private const string G = "community/groups/{group}";
    private const string Invitation = """{"invitations":[{"username":"invitee1","password":"Newbie-pass-1234","email":"invitee1@example.org"}]}""";
    private const string NewUser = "username=newbie1&password=" + NewPassword + "&email=newbie1@example.org&firstname=New&lastname=Bie&role=org_user";

    public static readonly IReadOnlyList<Row> Table =
    [
        // generateToken
        new("generateToken: wrong password", "POST", "generateToken", Tok.None, "username={admin}&password=" + WrongPassword, 400, "Unable to generate token."),
        new("generateToken: unknown user", "POST", "generateToken", Tok.None, "username=nobody-here&password=" + WrongPassword, 400, "Unable to generate token."),
        new("generateToken: missing username", "POST", "generateToken", Tok.None, "password=" + WrongPassword, 400),
        new("generateToken: missing password", "POST", "generateToken", Tok.None, "username={admin}", 400),
        new("generateToken: expiration=soon", "POST", "generateToken", Tok.None, "username={admin}&password={adminPassword}&expiration=soon", 400),
        new("generateToken: expiration=-5", "POST", "generateToken", Tok.None, "username={admin}&password={adminPassword}&expiration=-5", 400),
        new("generateToken: f=xml", "POST", "generateToken", Tok.None, "username={admin}&password={adminPassword}&f=xml", 400),
        new("generateToken: GET", "GET", "generateToken", Tok.None, "", 405),
        new("generateToken: JSON body instead of a form", "POST:json", "generateToken", Tok.None, "username={admin}&password={adminPassword}", 400),
        new("generateToken: broken multipart body", "POST:broken-multipart", "generateToken", Tok.None, "", 400),
        new("generateToken: server token for a garbage token", "POST", "generateToken", Tok.Garbage, "serverUrl=https://example.org/server", 498),
        new("generateToken: server token for a revoked token", "POST", "generateToken", Tok.Revoked, "serverUrl=https://example.org/server", 498),

        // oauth2/revokeToken
        new("revokeToken: nothing to revoke", "POST", "oauth2/revokeToken", Tok.None, "", 400),
        new("revokeToken: f=xml", "POST", "oauth2/revokeToken", Tok.None, "auth_token=not-a-token&f=xml", 400),
        new("revokeToken: GET", "GET", "oauth2/revokeToken", Tok.None, "auth_token=not-a-token", 405),

        // portals
        new("portals/self: garbage token", "GET", "portals/self", Tok.Garbage, "", 498),
        new("portals/self: revoked token", "GET", "portals/self", Tok.Revoked, "", 498),
        new("portals/self: garbage bearer header", "GET", "portals/self", Tok.GarbageBearer, "", 498),
        new("portals/self: f=xml", "GET", "portals/self", Tok.Admin, "f=xml", 400),
        new("portals/<id>: unknown org id", "GET", "portals/{missing}", Tok.Admin, "", 404),
        new("portals/<id>: path-traversal id", "GET", "portals/" + Traversal, Tok.Admin, "", 404),
        new("portals/self/invite: no token", "POST", "portals/self/invite", Tok.None, "invitationList=" + Invitation, 499),
        new("portals/self/invite: garbage token", "POST", "portals/self/invite", Tok.Garbage, "invitationList=" + Invitation, 498),
        new("portals/self/invite: member", "POST", "portals/self/invite", Tok.Member, "invitationList=" + Invitation, 403),
        new("portals/self/invite: member, empty list", "POST", "portals/self/invite", Tok.Member, """invitationList={"invitations":[]}""", 403),
        new("portals/self/invite: malformed invitationList", "POST", "portals/self/invite", Tok.Admin, "invitationList=[", 400),
        new("portals/self/invite: invitationList not an object", "POST", "portals/self/invite", Tok.Admin, "invitationList=[]", 400),
        new("portals/self/invite: missing invitationList", "POST", "portals/self/invite", Tok.Admin, "", 400),
        new("portals/self/invite: GET", "GET", "portals/self/invite", Tok.Admin, "invitationList=" + Invitation, 405),
        new("portals/self/updateUserRole: no token", "POST", "portals/self/updateUserRole", Tok.None, "user={member}&role=org_admin", 499),
        new("portals/self/updateUserRole: member", "POST", "portals/self/updateUserRole", Tok.Member, "user={member}&role=org_admin", 403),
        new("portals/self/updateUserRole: missing user", "POST", "portals/self/updateUserRole", Tok.Admin, "role=org_admin", 400),
        new("portals/self/updateUserRole: missing role", "POST", "portals/self/updateUserRole", Tok.Admin, "user={member}", 400),
        new("portals/self/updateUserRole: unknown role", "POST", "portals/self/updateUserRole", Tok.Admin, "user={member}&role=superuser", 400),
        new("portals/self/updateUserRole: unknown user", "POST", "portals/self/updateUserRole", Tok.Admin, "user=nobody-here&role=org_admin", 400),
        new("portals/self/updateUserRole: demote the last admin", "POST", "portals/self/updateUserRole", Tok.Admin, "user={admin}&role=org_user", 400),
        new("portals/self/updateUserRole: GET", "GET", "portals/self/updateUserRole", Tok.Admin, "user={member}&role=org_admin", 405),
        new("createUser: no token", "POST", "/portaladmin/security/users/createUser", Tok.None, NewUser, 499),
        new("createUser: garbage token", "POST", "/portaladmin/security/users/createUser", Tok.Garbage, NewUser, 498),
        new("createUser: member", "POST", "/portaladmin/security/users/createUser", Tok.Member, NewUser, 403),
        new("createUser: missing username", "POST", "/portaladmin/security/users/createUser", Tok.Admin, "password=" + NewPassword + "&email=n@example.org", 400),
        new("createUser: missing password", "POST", "/portaladmin/security/users/createUser", Tok.Admin, "username=newbie1&email=n@example.org", 400),
        new("createUser: missing email", "POST", "/portaladmin/security/users/createUser", Tok.Admin, "username=newbie1&password=" + NewPassword, 400),
        new("createUser: weak password", "POST", "/portaladmin/security/users/createUser", Tok.Admin, "username=newbie1&password=abc&email=n@example.org", 400),
        new("createUser: path-like username", "POST", "/portaladmin/security/users/createUser", Tok.Admin, "username=../etc&password=" + NewPassword + "&email=n@example.org", 400),
        new("createUser: unknown role", "POST", "/portaladmin/security/users/createUser", Tok.Admin, "username=newbie1&password=" + NewPassword + "&email=n@example.org&role=god", 400),
        new("createUser: unsupported provider", "POST", "/portaladmin/security/users/createUser", Tok.Admin, NewUser + "&provider=enterprise", 400),
        new("createUser: username taken", "POST", "/portaladmin/security/users/createUser", Tok.Admin, "username={member}&password=" + NewPassword + "&email=n@example.org", 409),
        new("createUser: GET", "GET", "/portaladmin/security/users/createUser", Tok.Admin, NewUser, 405),

        // community/self and community/users
        new("community/self: no token", "GET", "community/self", Tok.None, "", 499),
        new("community/self: garbage token", "GET", "community/self", Tok.Garbage, "", 498),
        new("community/self: revoked token", "GET", "community/self", Tok.Revoked, "", 498),
        new("community/self: f=xml", "GET", "community/self", Tok.Admin, "f=xml", 400),
        new("community/users: q=(unbalanced", "GET", "community/users", Tok.Admin, "q=(unbalanced", 400),
        new("community/users: unclosed phrase", "GET", "community/users", Tok.Admin, "q=\"unclosed", 400),
        new("community/users: num=abc", "GET", "community/users", Tok.Admin, "num=abc", 400),
        new("community/users: start=-5", "GET", "community/users", Tok.Admin, "start=-5", 400),
        new("community/users: num=101", "GET", "community/users", Tok.Admin, "num=101", 400),
        new("community/users: sortOrder=sideways", "GET", "community/users", Tok.Admin, "sortOrder=sideways", 400),
        new("community/users: garbage token", "GET", "community/users", Tok.Garbage, "", 498),
        new("community/users: NUL character in q", "GET", "community/users", Tok.Admin, "q=username:a\u0000b", 400),
        new("community/users/<u>: unknown user", "GET", "community/users/nobody-here", Tok.Admin, "", 400),
        new("community/users/<u>: path-traversal name", "GET", "community/users/" + Traversal, Tok.Admin, "", 400),
        new("community/users/<u>: garbage token", "GET", "community/users/{admin}", Tok.Garbage, "", 498),
        new("users/<u>/update: no token", "POST", "community/users/{member}/update", Tok.None, "description=x", 499),
        new("users/<u>/update: garbage token", "POST", "community/users/{member}/update", Tok.Garbage, "description=x", 498),
        new("users/<u>/update: revoked token", "POST", "community/users/{member}/update", Tok.Revoked, "description=x", 498),
        new("users/<u>/update: member edits the admin", "POST", "community/users/{admin}/update", Tok.Member, "description=x", 403),
        new("users/<u>/update: unknown user", "POST", "community/users/nobody-here/update", Tok.Admin, "description=x", 400),
        new("users/<u>/update: access=everyone", "POST", "community/users/{member}/update", Tok.Admin, "access=everyone", 400),
        new("users/<u>/update: weak password", "POST", "community/users/{member}/update", Tok.Admin, "password=abc", 400),
        new("users/<u>/update: tags=[", "POST", "community/users/{member}/update", Tok.Admin, "tags=[", 400),
        new("users/<u>/update: GET", "GET", "community/users/{member}/update", Tok.Admin, "description=x", 405),
        new("users/<u>/delete: no token", "POST", "community/users/{member}/delete", Tok.None, "", 499),
        new("users/<u>/delete: member deletes the admin", "POST", "community/users/{admin}/delete", Tok.Member, "", 403),
        new("users/<u>/delete: unknown user", "POST", "community/users/nobody-here/delete", Tok.Admin, "", 400),
        new("users/<u>/delete: admin deletes self", "POST", "community/users/{admin}/delete", Tok.Admin, "", 400),
        new("users/<u>/delete: GET", "GET", "community/users/{member}/delete", Tok.Admin, "", 405),
        new("users/<u>/disable: no token", "POST", "community/users/{member}/disable", Tok.None, "", 499),
        new("users/<u>/disable: garbage token", "POST", "community/users/{member}/disable", Tok.Garbage, "", 498),
        new("users/<u>/disable: member", "POST", "community/users/{admin}/disable", Tok.Member, "", 403),
        new("users/<u>/disable: unknown user", "POST", "community/users/nobody-here/disable", Tok.Admin, "", 400),
        new("users/<u>/disable: admin disables self", "POST", "community/users/{admin}/disable", Tok.Admin, "", 400),
        new("users/<u>/enable: member", "POST", "community/users/{member}/enable", Tok.Member, "", 403),
        new("users/<u>/enable: unknown user", "POST", "community/users/" + Traversal + "/enable", Tok.Admin, "", 400),
        new("users/<u>/enable: GET", "GET", "community/users/{member}/enable", Tok.Admin, "", 405),

        // groups
        new("createGroup: no token", "POST", "community/createGroup", Tok.None, "title=Nope", 499),
        new("createGroup: revoked token", "POST", "community/createGroup", Tok.Revoked, "title=Nope", 498),
        new("createGroup: missing title", "POST", "community/createGroup", Tok.Admin, "access=org", 400),
        new("createGroup: isInvitationOnly=maybe", "POST", "community/createGroup", Tok.Admin, "title=Nope&isInvitationOnly=maybe", 400),
        new("createGroup: access=secret", "POST", "community/createGroup", Tok.Admin, "title=Nope&access=secret", 400),
        new("createGroup: sortField=bogus", "POST", "community/createGroup", Tok.Admin, "title=Nope&sortField=bogus", 400),
        new("createGroup: title too long", "POST", "community/createGroup", Tok.Admin, "title=" + new string('t', 251), 400),
        new("createGroup: tags=[", "POST", "community/createGroup", Tok.Admin, "title=Nope&tags=[", 400),
        new("createGroup: GET", "GET", "community/createGroup", Tok.Admin, "title=Nope", 405),
        new("community/groups: q=(unbalanced", "GET", "community/groups", Tok.Admin, "q=(unbalanced", 400),
        new("community/groups: num=abc", "GET", "community/groups", Tok.Admin, "num=abc", 400),
        new("community/groups: start=-5", "GET", "community/groups", Tok.Admin, "start=-5", 400),
        new("community/groups: sortOrder=up", "GET", "community/groups", Tok.Admin, "sortOrder=up", 400),
        new("community/groups: garbage token", "GET", "community/groups", Tok.Garbage, "", 498),
        new("groups/<id>: unknown id", "GET", "community/groups/{missing}", Tok.Admin, "", 400),
        new("groups/<id>: non-hex id", "GET", "community/groups/not-a-group", Tok.Admin, "", 400),
        new("groups/<id>: path-traversal id", "GET", "community/groups/" + Traversal, Tok.Admin, "", 400),
        new("groups/<id>: garbage token", "GET", G, Tok.Garbage, "", 498),
        new("groups/<id>: f=xml", "GET", G, Tok.Admin, "f=xml", 400),
        new("groups/<id>/update: no token", "POST", G + "/update", Tok.None, "title=Renamed", 499),
        new("groups/<id>/update: member", "POST", G + "/update", Tok.Member, "title=Renamed", 403),
        new("groups/<id>/update: unknown id", "POST", "community/groups/{missing}/update", Tok.Admin, "title=Renamed", 400),
        new("groups/<id>/update: isInvitationOnly=maybe", "POST", G + "/update", Tok.Admin, "isInvitationOnly=maybe", 400),
        new("groups/<id>/update: access=secret", "POST", G + "/update", Tok.Admin, "access=secret", 400),
        new("groups/<id>/update: blank title", "POST", G + "/update", Tok.Admin, "title=   ", 400),
        new("groups/<id>/update: NUL character in title", "POST", G + "/update", Tok.Admin, "title=a\u0000b", 400),
        new("groups/<id>/update: GET", "GET", G + "/update", Tok.Admin, "title=Renamed", 405),
        new("groups/<id>/delete: no token", "POST", G + "/delete", Tok.None, "", 499),
        new("groups/<id>/delete: member", "POST", G + "/delete", Tok.Member, "", 403),
        new("groups/<id>/delete: unknown id", "POST", "community/groups/{missing}/delete", Tok.Admin, "", 400),
        new("groups/<id>/delete: protected group", "POST", G + "/delete", Tok.Admin, "", 400),
        new("groups/<id>/delete: GET", "GET", G + "/delete", Tok.Admin, "", 405),
        new("groups/<id>/addUsers: no token", "POST", G + "/addUsers", Tok.None, "users={member}", 499),
        new("groups/<id>/addUsers: member", "POST", G + "/addUsers", Tok.Member, "users={member}", 403),
        new("groups/<id>/addUsers: missing users", "POST", G + "/addUsers", Tok.Admin, "", 400),
        new("groups/<id>/addUsers: users=[", "POST", G + "/addUsers", Tok.Admin, "users=[", 400),
        new("groups/<id>/addUsers: unknown id", "POST", "community/groups/{missing}/addUsers", Tok.Admin, "users={member}", 400),
        new("groups/<id>/removeUsers: no token", "POST", G + "/removeUsers", Tok.None, "users={member}", 499),
        new("groups/<id>/removeUsers: member", "POST", G + "/removeUsers", Tok.Member, "users={admin}", 403),
        new("groups/<id>/removeUsers: missing users", "POST", G + "/removeUsers", Tok.Admin, "", 400),
        new("groups/<id>/removeUsers: users=[", "POST", G + "/removeUsers", Tok.Admin, "users=[", 400),
        new("groups/<id>/removeUsers: unknown id", "POST", "community/groups/not-a-group/removeUsers", Tok.Admin, "users={member}", 400),
        new("groups/<id>/invite: no token", "POST", G + "/invite", Tok.None, "users={member}", 499),
        new("groups/<id>/invite: member", "POST", G + "/invite", Tok.Member, "users={member}", 403),
        new("groups/<id>/invite: missing users", "POST", G + "/invite", Tok.Admin, "", 400),
        new("groups/<id>/invite: role=boss", "POST", G + "/invite", Tok.Admin, "users={member}&role=boss", 400),
        new("groups/<id>/invite: unknown id", "POST", "community/groups/{missing}/invite", Tok.Admin, "users={member}", 400),
        new("groups/<id>/protect: no token", "POST", G + "/protect", Tok.None, "", 499),
        new("groups/<id>/protect: member", "POST", G + "/protect", Tok.Member, "", 403),
        new("groups/<id>/protect: unknown id", "POST", "community/groups/{missing}/protect", Tok.Admin, "", 400),
        new("groups/<id>/protect: GET", "GET", G + "/protect", Tok.Admin, "", 405),
        new("groups/<id>/users: unknown id", "GET", "community/groups/{missing}/users", Tok.Admin, "", 400),
        new("groups/<id>/users: path-traversal id", "GET", "community/groups/" + Traversal + "/users", Tok.Admin, "", 400),
        new("groups/<id>/users: garbage token", "GET", G + "/users", Tok.Garbage, "", 498),

        // search and content/items
        new("search: q=(unbalanced", "GET", "search", Tok.Admin, "q=(unbalanced", 400),
        new("search: field without a value", "GET", "search", Tok.Admin, "q=title:", 400),
        new("search: num=abc", "GET", "search", Tok.Admin, "num=abc", 400),
        new("search: num overflows", "GET", "search", Tok.Admin, "num=99999999999", 400),
        new("search: start=-5", "GET", "search", Tok.Admin, "start=-5", 400),
        new("search: sortOrder=up", "GET", "search", Tok.Admin, "sortOrder=up", 400),
        new("search: f=xml", "GET", "search", Tok.None, "f=xml", 400),
        new("search: garbage token", "GET", "search", Tok.Garbage, "q=title:x", 498),
        new("search: NUL character in q", "GET", "search", Tok.Admin, "q=title:a\u0000b", 400),
        new("search: query too long", "GET", "search", Tok.Admin, "q=" + string.Concat(Enumerable.Repeat("a ", 1100)), 400),
        new("search: POST with garbage bearer header", "POST", "search", Tok.GarbageBearer, "q=title:x", 498),
        new("content/items/<id>: unknown id", "GET", "content/items/{missing}", Tok.Admin, "", 400),
        new("content/items/<id>: non-hex id", "GET", "content/items/not-an-item", Tok.Admin, "", 400),
        new("content/items/<id>: path-traversal id", "GET", "content/items/" + Traversal, Tok.Admin, "", 400),
        new("content/items/<id>: garbage token", "GET", "content/items/{item}", Tok.Garbage, "", 498),
        new("content/items/<id>: revoked token", "GET", "content/items/{item}", Tok.Revoked, "", 498),
        new("content/items/<id>: anonymous on an org item", "GET", "content/items/{item}", Tok.None, "", 400),
        new("content/items/<id>/data: unknown id", "GET", "content/items/{missing}/data", Tok.Admin, "", 400),
        new("content/items/<id>/data: garbage token", "GET", "content/items/{item}/data", Tok.Garbage, "", 498),
        new("content/items/<id>/data: anonymous on an org item", "GET", "content/items/{item}/data", Tok.None, "", 400),
        new("content/items/<id>/groups: unknown id", "GET", "content/items/{missing}/groups", Tok.Admin, "", 400),
        new("content/items/<id>/groups: garbage token", "GET", "content/items/{item}/groups", Tok.Garbage, "", 498),
        new("content/items/<id>/share: no token", "POST", "content/items/{item}/share", Tok.None, "groups={group}", 499),
        new("content/items/<id>/share: unknown id", "POST", "content/items/{missing}/share", Tok.Admin, "groups={group}", 400),
        new("content/items/<id>/share: everyone=perhaps", "POST", "content/items/{item}/share", Tok.Admin, "everyone=perhaps", 400),
        new("content/items/<id>/share: groups=[", "POST", "content/items/{item}/share", Tok.Admin, "groups=[", 400),
        new("content/items/<id>/share: GET", "GET", "content/items/{item}/share", Tok.Admin, "groups={group}", 405),
        new("content/items/<id>/unshare: no token", "POST", "content/items/{item}/unshare", Tok.None, "groups={group}", 499),
        new("content/items/<id>/unshare: missing groups", "POST", "content/items/{item}/unshare", Tok.Admin, "", 400),

        // content/users
        new("content/users/<u>: no token", "GET", U, Tok.None, "", 499),
        new("content/users/<u>: garbage token", "GET", U, Tok.Garbage, "", 498),
        new("content/users/<u>: unknown user", "GET", "content/users/nobody-here", Tok.Admin, "", 400),
        new("content/users/<u>: path-traversal user", "GET", "content/users/" + Traversal, Tok.Admin, "", 400),
        new("content/users/<u>: member lists the admin's content", "GET", U, Tok.Member, "", 403),
        new("content/users/<u>: num=abc", "GET", U, Tok.Admin, "num=abc", 400),
        new("content/users/<u>: start=-5", "GET", U, Tok.Admin, "start=-5", 400),
        new("content/users/<u>/<folder>: unknown folder", "GET", U + "/{missing}", Tok.Admin, "", 400),
        new("addItem: no token", "POST", U + "/addItem", Tok.None, "title=Nope&type=Web Map", 499),
        new("addItem: garbage token", "POST", U + "/addItem", Tok.Garbage, "title=Nope&type=Web Map", 498),
        new("addItem: revoked token", "POST", U + "/addItem", Tok.Revoked, "title=Nope&type=Web Map", 498),
        new("addItem: missing title", "POST", U + "/addItem", Tok.Admin, "type=Web Map", 400),
        new("addItem: missing type", "POST", U + "/addItem", Tok.Admin, "title=Nope", 400),
        new("addItem: properties={bad", "POST", U + "/addItem", Tok.Admin, "title=Nope&type=Web Map&properties={bad", 400),
        new("addItem: properties not an object", "POST", U + "/addItem", Tok.Admin, "title=Nope&type=Web Map&properties=[1]", 400),
        new("addItem: extent=a,b,c,d", "POST", U + "/addItem", Tok.Admin, "title=Nope&type=Web Map&extent=a,b,c,d", 400),
        new("addItem: tags=[", "POST", U + "/addItem", Tok.Admin, "title=Nope&type=Web Map&tags=[", 400),
        new("addItem: NUL character in title", "POST", U + "/addItem", Tok.Admin, "title=a\u0000b&type=Web Map", 400),
        new("addItem: properties nested too deep", "POST", U + "/addItem", Tok.Admin, "title=Nope&type=Web Map&properties=" + new string('[', 100) + new string(']', 100), 400),
        new("addItem: NUL character in a multipart field", "POST:multipart", U + "/addItem", Tok.Admin, "title=a\u0000b&type=Web Map", 400),
        new("addItem: multipart with properties={bad", "POST:multipart", U + "/addItem", Tok.Admin, "title=Nope&type=Web Map&properties={bad", 400),
        new("addItem: extent=[[1,2],[3", "POST", U + "/addItem", Tok.Admin, "title=Nope&type=Web Map&extent=[[1,2],[3", 400),
        new("addItem: member into the admin's content", "POST", U + "/addItem", Tok.Member, "title=Nope&type=Web Map", 403),
        new("addItem: unknown user", "POST", "content/users/nobody-here/addItem", Tok.Admin, "title=Nope&type=Web Map", 400),
        new("addItem: unknown folder in the path", "POST", U + "/{missing}/addItem", Tok.Admin, "title=Nope&type=Web Map", 400),
        new("addItem: non-hex folder parameter", "POST", U + "/addItem", Tok.Admin, "title=Nope&type=Web Map&folder=not-a-folder", 400),
        new("addItem: GET", "GET", U + "/addItem", Tok.Admin, "title=Nope&type=Web Map", 405),
        new("createFolder: no token", "POST", U + "/createFolder", Tok.None, "title=Nope", 499),
        new("createFolder: missing title", "POST", U + "/createFolder", Tok.Admin, "", 400),
        new("createFolder: slash in title", "POST", U + "/createFolder", Tok.Admin, "title=a/b", 400),
        new("createFolder: member for the admin", "POST", U + "/createFolder", Tok.Member, "title=Nope", 403),
        new("createFolder: title taken", "POST", U + "/createFolder", Tok.Admin, "title=" + BadInputWorld.FolderTitle, 409),
        new("createFolder: GET", "GET", U + "/createFolder", Tok.Admin, "title=Nope", 405),
        new("<folder>/delete: unknown folder", "POST", U + "/{missing}/delete", Tok.Admin, "", 400),
        new("<folder>/delete: member", "POST", U + "/{folder}/delete", Tok.Member, "", 403),
        new("<folder>/delete: not empty", "POST", U + "/{folder}/delete", Tok.Admin, "", 400),
        new("items/<id>: member reads the owner's view", "GET", I, Tok.Member, "", 403),
        new("items/<id>: unknown id", "GET", U + "/items/{missing}", Tok.Admin, "", 400),
        new("items/<id>/update: no token", "POST", I + "/update", Tok.None, "title=Renamed", 499),
        new("items/<id>/update: garbage token", "POST", I + "/update", Tok.Garbage, "title=Renamed", 498),
        new("items/<id>/update: member", "POST", I + "/update", Tok.Member, "title=Renamed", 403),
        new("items/<id>/update: unknown id", "POST", U + "/items/{missing}/update", Tok.Admin, "title=Renamed", 400),
        new("items/<id>/update: path-traversal id", "POST", U + "/items/" + Traversal + "/update", Tok.Admin, "title=Renamed", 400),
        new("items/<id>/update: unknown id under a folder", "POST", U + "/{folder}/items/{missing}/update", Tok.Admin, "title=Renamed", 400),
        new("items/<id>/update: properties={bad", "POST", I + "/update", Tok.Admin, "properties={bad", 400),
        new("items/<id>/update: blank title", "POST", I + "/update", Tok.Admin, "title=   ", 400),
        new("items/<id>/update: extent=1,2", "POST", I + "/update", Tok.Admin, "extent=1,2", 400),
        new("items/<id>/update: GET", "GET", I + "/update", Tok.Admin, "title=Renamed", 405),
        new("items/<id>/delete: no token", "POST", I + "/delete", Tok.None, "", 499),
        new("items/<id>/delete: member", "POST", I + "/delete", Tok.Member, "", 403),
        new("items/<id>/delete: unknown id", "POST", U + "/items/{missing}/delete", Tok.Admin, "", 400),
        new("items/<id>/delete: protected item", "POST", I + "/delete", Tok.Admin, "", 400),
        new("items/<id>/delete: GET", "GET", I + "/delete", Tok.Admin, "", 405),
        new("items/<id>/move: missing folder", "POST", I + "/move", Tok.Admin, "", 400),
        new("items/<id>/move: unknown folder", "POST", I + "/move", Tok.Admin, "folder={missing}", 400),
        new("items/<id>/move: non-hex folder", "POST", I + "/move", Tok.Admin, "folder=not-a-folder", 400),
        new("items/<id>/move: member", "POST", I + "/move", Tok.Member, "folder=/", 403),
        new("items/<id>/move: unknown id", "POST", U + "/items/{missing}/move", Tok.Admin, "folder=/", 400),
        new("items/<id>/share: no token", "POST", I + "/share", Tok.None, "everyone=true", 499),
        new("items/<id>/share: everyone=perhaps", "POST", I + "/share", Tok.Admin, "everyone=perhaps", 400),
        new("items/<id>/share: org=maybe", "POST", I + "/share", Tok.Admin, "org=maybe", 400),
        new("items/<id>/share: groups=[", "POST", I + "/share", Tok.Admin, "groups=[", 400),
        new("items/<id>/share: member", "POST", I + "/share", Tok.Member, "everyone=true", 403),
        new("items/<id>/share: unknown id", "POST", U + "/items/{missing}/share", Tok.Admin, "everyone=true", 400),
        new("items/<id>/share: GET", "GET", I + "/share", Tok.Admin, "everyone=true", 405),
        new("items/<id>/unshare: missing groups", "POST", I + "/unshare", Tok.Admin, "", 400),
        new("items/<id>/unshare: member", "POST", I + "/unshare", Tok.Member, "groups={group}", 403),
        new("items/<id>/unshare: unknown id", "POST", U + "/items/{missing}/unshare", Tok.Admin, "groups={group}", 400),
        new("items/<id>/reassign: missing targetUsername", "POST", I + "/reassign", Tok.Admin, "", 400),
        new("items/<id>/reassign: member", "POST", I + "/reassign", Tok.Member, "targetUsername={member}", 403),
        new("items/<id>/reassign: unknown target user", "POST", I + "/reassign", Tok.Admin, "targetUsername=nobody-here", 400),
        new("items/<id>/reassign: unknown target folder", "POST", I + "/reassign", Tok.Admin, "targetUsername={member}&targetFolderName=Nowhere", 400),
        new("items/<id>/reassign: unknown id", "POST", U + "/items/{missing}/reassign", Tok.Admin, "targetUsername={member}", 400),
        new("items/<id>/reassign: GET", "GET", I + "/reassign", Tok.Admin, "targetUsername={member}", 405),
        new("items/<id>/unprotect: no token", "POST", I + "/unprotect", Tok.None, "", 499),
        new("items/<id>/unprotect: member", "POST", I + "/unprotect", Tok.Member, "", 403),
        new("items/<id>/protect: unknown id", "POST", U + "/items/{missing}/protect", Tok.Admin, "", 400),
        new("items/<id>/protect: GET", "GET", I + "/protect", Tok.Admin, "", 405),

        // unknown paths
        new("unknown path under sharing/rest", "GET", "nonsense", Tok.Admin, "", 404),
        new("unknown operation on a group", "POST", G + "/frobnicate", Tok.Admin, "", 404),
        new("unknown operation on an item", "POST", I + "/explode", Tok.Admin, "", 404),
        new("unknown path outside sharing/rest", "GET", "/rest/nothing-here", Tok.None, "", 404),
    ];

    /// <summary>The code of an <see cref="Edges"/> row: success, or any 4xx envelope; never a 500.</summary>
    private const int AnyAnswer = 0;

    /// <summary>Legal but extreme read-only requests: the answer may be a result or a 4xx envelope, never a 500.</summary>
    public static readonly IReadOnlyList<Row> Edges =
    [
        new("search: start at int.MaxValue", "GET", "search", Tok.Admin, "start=2147483647&num=100", AnyAnswer),
        new("search: num=0", "GET", "search", Tok.Admin, "num=0", AnyAnswer),
        new("community/users: start at int.MaxValue", "GET", "community/users", Tok.Admin, "start=2147483647&num=100", AnyAnswer),
        new("community/groups: start at int.MaxValue", "GET", "community/groups", Tok.Member, "start=2147483647&num=100", AnyAnswer),
        new("content/users/<u>: start at int.MaxValue", "GET", U, Tok.Admin, "start=2147483647&num=100", AnyAnswer),
        new("search: huge range bound", "GET", "search", Tok.Admin, "q=created:[0 TO 99999999999999999999]", AnyAnswer),
        new("search: text range on a date", "GET", "search", Tok.Admin, "q=created:[a TO b]", AnyAnswer),
        new("search: open range", "GET", "search", Tok.Admin, "q=modified:[* TO *]", AnyAnswer),
        new("search: LIKE metacharacters", "GET", "search", Tok.Admin, "q=title:%_% AND tags:_", AnyAnswer),
        new("search: SQL-looking query", "GET", "search", Tok.Admin, "q=' OR 1=1 --", AnyAnswer),
        new("search: trailing backslash", "GET", "search", Tok.Admin, "q=title:\\", AnyAnswer),
        new("search: bare star", "GET", "search", Tok.None, "q=*", AnyAnswer),
        new("search: unknown field", "GET", "search", Tok.None, "q=nosuchfield:x", AnyAnswer),
        new("search: nested parentheses", "GET", "search", Tok.Admin, "q=" + new string('(', 40) + "x" + new string(')', 40), AnyAnswer),
        new("search: NOT NOT NOT", "GET", "search", Tok.Admin, "q=NOT NOT NOT x", AnyAnswer),
        new("search: emoji and ligatures", "GET", "search", Tok.Admin, "q=title:\"\U0001F600 \uFB01\"", AnyAnswer),
        new("search: unknown sortField", "GET", "search", Tok.Admin, "sortField=bogus&sortOrder=desc", AnyAnswer),
        new("community/groups: mixed boolean query", "GET", "community/groups", Tok.Member, "q=owner:{admin} AND (title:x OR -tags:y)", AnyAnswer),
        new("community/users/<u>: 5000-character name", "GET", "community/users/" + new string('n', 5000), Tok.Admin, "", AnyAnswer),
        new("content/items/<id>: empty token parameter", "GET", "content/items/{item}", Tok.None, "token=", AnyAnswer),
        new("content/items/<id>: token given twice", "GET", "content/items/{item}", Tok.Admin, "token=not-a-token", AnyAnswer),
        new("generateToken: expiration at int.MaxValue", "POST", "generateToken", Tok.None, "username={admin}&password={adminPassword}&expiration=2147483647", AnyAnswer),
    ];

    public static TheoryData<string> Rows => [.. Table.Select(r => r.Description)];

    public static TheoryData<string> EdgeRows => [.. Edges.Select(r => r.Description)];

    private GeohooksServer Server => world.Server;

    [Fact]
    public void Rows_are_uniquely_described_and_cover_every_endpoint_family()
    {
        Assert.Equal(Table.Count, Table.Select(r => r.Description).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Edges.Count, Edges.Select(r => r.Description).Distinct(StringComparer.Ordinal).Count());
        string[] families =
        [
            "generateToken", "oauth2/revokeToken", "portals/self", "portals/self/invite", "portals/self/updateUserRole",
            "/portaladmin/security/users/createUser", "community/self", "community/users", "community/users/nobody-here",
            "community/users/{member}/update", "community/users/{admin}/delete", "community/users/{admin}/disable",
            "community/users/{member}/enable", "community/createGroup", "community/groups", G, G + "/update", G + "/delete",
            G + "/addUsers", G + "/removeUsers", G + "/invite", G + "/protect", G + "/users", "search", "content/items/{item}",
            "content/items/{item}/data", "content/items/{item}/groups", "content/items/{item}/share", U, U + "/addItem",
            U + "/createFolder", I + "/update", I + "/delete", I + "/move", I + "/share", I + "/unshare", I + "/reassign", I + "/protect",
        ];
        Assert.All(families, f => Assert.Contains(Table, r => r.Path == f));
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Bad_request_gets_a_clear_error_and_changes_nothing(string description)
    {
        var row = Table.Single(r => r.Description == description);
        var before = await Server.LastEventSequenceAsync();

        var error = await SendAsync(row);
        output.WriteLine(error.ToString());

        Assert.Equal(row.Code, error.GetProperty("code").GetInt32());
        if (row.Message is { } message)
        {
            Assert.Equal(message, error.GetProperty("message").GetString());
        }

        Assert.Empty(await Server.EventsAfterAsync(before));
        Assert.Equal(before, await Server.LastEventSequenceAsync());
    }

    [Theory]
    [MemberData(nameof(EdgeRows))]
    public async Task Extreme_request_is_answered_without_a_500_and_changes_nothing(string description)
    {
        var row = Edges.Single(r => r.Description == description);
        var before = await Server.LastEventSequenceAsync();

        output.WriteLine((await SendAsync(row)).ToString());

        Assert.Equal(before, await Server.LastEventSequenceAsync());
    }

    [Fact]
    public async Task After_the_table_nothing_changed_and_the_logs_hold_no_secrets()
    {
        foreach (var row in Table.Concat(Edges))
        {
            await SendAsync(row);
        }

        // Nothing the table aimed at was touched.
        var item = await Server.GetAsync($"content/items/{world.ItemId}", world.AdminToken);
        Assert.Equal(BadInputWorld.ItemTitle, item.Str("title"));
        Assert.Equal("org", item.Str("access"));
        Assert.True(item.GetProperty("protected").GetBoolean());
        Assert.Equal(GeohooksServer.AdminUser, item.Str("owner"));
        Assert.Equal(world.FolderId, item.Str("ownerFolder"));
        var group = await Server.GetAsync($"community/groups/{world.GroupId}", world.AdminToken);
        Assert.Equal(BadInputWorld.GroupTitle, group.Str("title"));
        Assert.True(group.GetProperty("protected").GetBoolean());
        Assert.Equal(["admin"], (await Server.GetAsync($"community/groups/{world.GroupId}/users", world.AdminToken)).Strings("admins"));
        var member = await Server.GetAsync($"community/users/{world.Member}", world.AdminToken);
        Assert.Equal("org_user", member.Str("role"));
        Assert.False(member.GetProperty("disabled").GetBoolean());
        Assert.Equal("org_admin", (await Server.GetAsync("community/self", world.AdminToken)).Str("role"));
        Assert.Equal(0, (await Server.GetAsync("community/users", world.AdminToken, ("q", "username:newbie1"))).GetProperty("total").GetInt32());
        Assert.Equal(0, (await Server.GetAsync("community/users", world.AdminToken, ("q", "username:invitee1"))).GetProperty("total").GetInt32());
        Assert.Equal(1, (await Server.GetAsync($"content/users/{GeohooksServer.AdminUser}", world.AdminToken)).GetProperty("folders").GetArrayLength());

        // The logs keep no password, no token and no parameter dump, and record no unhandled error.
        string[] secrets = [GeohooksServer.AdminPassword, world.MemberPassword, WrongPassword, NewPassword, world.AdminToken, world.MemberToken, world.RevokedToken, "not-a-token"];
        var lines = Server.Logs.Lines.ToArray();
        Assert.NotEmpty(lines);
        output.WriteLine($"{lines.Length} log lines; first: {lines[0]}");
        foreach (var line in lines)
        {
            Assert.DoesNotContain("password=", line, StringComparison.OrdinalIgnoreCase);
            Assert.All(secrets, secret => Assert.DoesNotContain(secret, line, StringComparison.Ordinal));
            Assert.False(line.StartsWith("Error ", StringComparison.Ordinal) || line.StartsWith("Critical ", StringComparison.Ordinal), line);
        }
    }

    [Fact]
    public async Task An_expired_token_gets_498_without_waiting()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await world.StartAsync(clock);
        var issued = await server.PostAsync("generateToken", null, ("username", GeohooksServer.AdminUser), ("password", GeohooksServer.AdminPassword), ("expiration", "5"));
        var token = issued.Str("token");
        Assert.Equal(clock.GetUtcNow().AddMinutes(5).ToUnixTimeMilliseconds(), issued.GetProperty("expires").GetInt64());
        Assert.Equal(GeohooksServer.AdminUser, (await server.GetAsync("community/self", token)).Str("username"));

        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(GeohooksServer.AdminUser, (await server.GetAsync("community/self", token)).Str("username"));

        clock.Advance(TimeSpan.FromMinutes(2));
        var before = await server.LastEventSequenceAsync();
        AssertEnvelope(await server.GetAsync("community/self", token), 498);
        AssertEnvelope(await server.PostAsync("community/createGroup", token, ("title", "Too late")), 498);
        AssertEnvelope(await server.PostAsync($"content/users/{GeohooksServer.AdminUser}/addItem", token, ("title", "Too late"), ("type", "Web Map")), 498);
        using (var request = new HttpRequestMessage(HttpMethod.Get, "sharing/rest/portals/self?f=json").WithBearer("Authorization", token))
        {
            AssertEnvelope(await server.SendAsync(request), 498);
        }

        Assert.Equal(before, await server.LastEventSequenceAsync());
    }

    /// <summary>Sends one row and returns its error object after checking the envelope.</summary>
    private async Task<JsonElement> SendAsync(Row row)
    {
        var parameters = Parse(row.Parameters);
        if (!parameters.Any(p => p.Name == "f"))
        {
            parameters.Add(("f", "json"));
        }

        var token = row.Token switch
        {
            Tok.Admin => world.AdminToken,
            Tok.Member => world.MemberToken,
            Tok.Garbage => "not-a-token",
            Tok.Revoked => world.RevokedToken,
            _ => null,
        };
        if (token is not null)
        {
            parameters.Add(("token", token));
        }

        var url = Resolve(Fill(row.Path));
        var query = string.Join('&', parameters.Select(p => $"{Uri.EscapeDataString(p.Name)}={Uri.EscapeDataString(p.Value)}"));
        using var request = row.Method switch
        {
            "GET" => new HttpRequestMessage(HttpMethod.Get, url + "?" + query),
            "POST" => new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = new FormUrlEncodedContent(parameters.Select(p => new KeyValuePair<string, string>(p.Name, p.Value))),
            },
            "POST:multipart" => new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = Multipart(parameters),
            },
            "POST:json" => new HttpRequestMessage(HttpMethod.Post, url + "?f=json")
            {
                Content = new StringContent(JsonSerializer.Serialize(parameters.ToDictionary(p => p.Name, p => p.Value)), Encoding.UTF8, "application/json"),
            },
            "POST:broken-multipart" => new HttpRequestMessage(HttpMethod.Post, url + "?f=json")
            {
                Content = new StringContent("--nope\r\nthis is not a multipart body", Encoding.UTF8, "multipart/form-data"),
            },
            _ => throw new InvalidOperationException(row.Method),
        };
        if (row.Method == "POST:broken-multipart")
        {
            request.Content!.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=xyz");
        }

        if (row.Token == Tok.GarbageBearer)
        {
            request.WithBearer("Authorization", "not-a-token");
        }

        using var response = await Server.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{row.Description}: HTTP {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        foreach (var marker in StackTraceMarkers)
        {
            Assert.DoesNotContain(marker, text, StringComparison.Ordinal);
        }

        var body = JsonDocument.Parse(text).RootElement.Clone();
        if (row.Code == AnyAnswer)
        {
            var code = body.TryGetProperty("error", out var e) ? e.GetProperty("code").GetInt32() : 200;
            Assert.True(code is 200 or (>= 400 and < 500), $"{row.Description}: {body}");
            return body;
        }

        AssertEnvelope(body, row.Code, row.Description);
        return body.GetProperty("error");
    }

    protected static void AssertEnvelope(JsonElement body, int code, string? description = null)
    {
        Assert.True(body.ValueKind == JsonValueKind.Object && body.TryGetProperty("error", out _), $"{description}: expected error {code}, got {body}");
        var error = body.GetProperty("error");
        Assert.True(error.GetProperty("code").GetInt32() == code, $"{description}: expected {code}, got {body}");
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()), body.ToString());
        Assert.Equal(JsonValueKind.Array, error.GetProperty("details").ValueKind);
        Assert.All(error.GetProperty("details").EnumerateArray(), d => Assert.Equal(JsonValueKind.String, d.ValueKind));
        Assert.Single(body.EnumerateObject());
    }

    /// <summary>
    /// Announces an oversized body (Content-Length and Expect: 100-continue) over a raw connection and reads the answer.
    /// HttpClient cannot be used here: on a final 200 it insists on sending the body the server already refused, and
    /// fails with a broken pipe once the server closes the connection.
    /// </summary>
    internal static async Task<JsonElement> PostOversizedAsync(GeohooksServer server, string path, HttpContent content)
    {
        var body = await content.ReadAsByteArrayAsync();
        var target = new Uri(server.Http.BaseAddress!, path);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(target.Host, target.Port, timeout.Token);
        var stream = tcp.GetStream();
        var head = $"POST {target.PathAndQuery} HTTP/1.1\r\nHost: {target.Authority}\r\nContent-Type: {content.Headers.ContentType}\r\n"
            + $"Content-Length: {body.Length}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), timeout.Token);
        using var received = new MemoryStream();
        await stream.CopyToAsync(received, timeout.Token);

        var response = Encoding.UTF8.GetString(received.ToArray());
        var split = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(split > 0, response);
        var (status, text) = (response[..split], response[(split + 4)..]);
        Assert.StartsWith("HTTP/1.1 200 ", status, StringComparison.Ordinal);
        Assert.DoesNotContain("100 Continue", status, StringComparison.Ordinal);
        Assert.Contains("Content-Type: application/json", status, StringComparison.OrdinalIgnoreCase);
        if (status.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            text = Dechunk(text);
        }

        foreach (var marker in StackTraceMarkers)
        {
            Assert.DoesNotContain(marker, text, StringComparison.Ordinal);
        }

        var envelope = JsonDocument.Parse(text).RootElement.Clone();
        AssertEnvelope(envelope, 413);
        return envelope.GetProperty("error");
    }

    private static string Dechunk(string chunked)
    {
        var result = new StringBuilder();
        var at = 0;
        while (true)
        {
            var end = chunked.IndexOf("\r\n", at, StringComparison.Ordinal);
            var size = Convert.ToInt32(chunked[at..end].Split(';')[0].Trim(), 16);
            if (size == 0)
            {
                return result.ToString();
            }

            result.Append(chunked, end + 2, size);
            at = end + 2 + size + 2;
        }
    }

    private static MultipartFormDataContent Multipart(List<(string Name, string Value)> parameters)
    {
        var content = new MultipartFormDataContent();
        foreach (var (name, value) in parameters)
        {
            content.Add(new StringContent(value), name);
        }

        return content;
    }

    private List<(string Name, string Value)> Parse(string parameters) =>
        parameters.Length == 0
            ? []
            : parameters.Split('&').Select(pair => pair.Split('=', 2)).Select(p => (p[0], Fill(p.Length > 1 ? p[1] : ""))).ToList();

    private string Fill(string text) => text
        .Replace("{adminPassword}", GeohooksServer.AdminPassword, StringComparison.Ordinal)
        .Replace("{admin}", GeohooksServer.AdminUser, StringComparison.Ordinal)
        .Replace("{member}", world.Member, StringComparison.Ordinal)
        .Replace("{item}", world.ItemId, StringComparison.Ordinal)
        .Replace("{group}", world.GroupId, StringComparison.Ordinal)
        .Replace("{folder}", world.FolderId, StringComparison.Ordinal)
        .Replace("{missing}", Missing, StringComparison.Ordinal);

    private static string Resolve(string path) => path.StartsWith('/') ? path.TrimStart('/') : "sharing/rest/" + path;
}

/// <summary>
/// The state the bad-input table aims at, set up once: an admin, a plain member, a revoked token, an org-visible
/// protected group owned by the admin, and an org-visible protected item with data in one of the admin's folders.
/// </summary>
public abstract class BadInputWorld : IAsyncLifetime
{
    public const string ItemTitle = "Bad input target";
    public const string GroupTitle = "Bad input group";
    public const string FolderTitle = "Bad input folder";

    private GeohooksServer? _server;

    public GeohooksServer Server => _server ?? throw new InvalidOperationException("Server not started.");

    public string AdminToken { get; private set; } = "";

    public string Member { get; } = Unique.Name("member");

    public string MemberPassword { get; } = "Member-pass-1234";

    public string MemberToken { get; private set; } = "";

    public string RevokedToken { get; private set; } = "";

    public string ItemId { get; private set; } = "";

    public string GroupId { get; private set; } = "";

    public string FolderId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _server = await StartAsync(null);
        var admin = AdminToken = await Server.AdminTokenAsync();
        MemberToken = await Server.CreateUserAsync(admin, Member, password: MemberPassword);
        RevokedToken = await Server.TokenAsync(Member, MemberPassword);
        (await Server.PostAsync("oauth2/revokeToken", admin, ("auth_token", RevokedToken))).AssertSuccess();

        GroupId = (await Server.PostAsync("community/createGroup", admin, ("title", GroupTitle), ("access", "org"))).GetProperty("group").Str("id");
        (await Server.PostAsync($"community/groups/{GroupId}/protect", admin)).AssertSuccess();

        const string Me = GeohooksServer.AdminUser;
        FolderId = (await Server.PostAsync($"content/users/{Me}/createFolder", admin, ("title", FolderTitle))).GetProperty("folder").Str("id");
        var added = await Server.PostAsync($"content/users/{Me}/{FolderId}/addItem", admin, ("title", ItemTitle), ("type", "Web Map"), ("text", """{"operationalLayers":[]}"""));
        added.AssertSuccess();
        ItemId = added.Str("id");
        await Server.PostAsync($"content/users/{Me}/items/{ItemId}/share", admin, ("org", "true"));
        (await Server.PostAsync($"content/users/{Me}/items/{ItemId}/protect", admin)).AssertSuccess();
    }

    /// <summary>A fresh server on this world's store.</summary>
    public abstract Task<GeohooksServer> StartAsync(TimeProvider? clock);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

public sealed class SqliteBadInputWorld : BadInputWorld
{
    public override Task<GeohooksServer> StartAsync(TimeProvider? clock) => GeohooksServer.StartSqliteAsync(clock);
}

public sealed class PostgresBadInputWorld : BadInputWorld
{
    public override Task<GeohooksServer> StartAsync(TimeProvider? clock) => GeohooksServer.StartPostgresAsync(clock);
}

public sealed class SqliteBadInputTests(SqliteBadInputWorld world, ITestOutputHelper output) : BadInputTests(world, output), IClassFixture<SqliteBadInputWorld>
{
    /// <summary>The body limit is a transport concern, the same on every store; checked once, on SQLite.</summary>
    [Fact]
    public async Task An_oversized_body_gets_413_and_creates_nothing()
    {
        await using var server = await GeohooksServer.StartSqliteAsync(null, "--max-body-mb", "1");
        var admin = await server.AdminTokenAsync();
        var before = await server.LastEventSequenceAsync();
        var text = new string('x', 2 * 1024 * 1024);
        var addItem = $"sharing/rest/content/users/{GeohooksServer.AdminUser}/addItem?f=json";

        using (var form = new FormUrlEncodedContent(
        [
            new("f", "json"), new("token", admin), new("title", "Too big"), new("type", "Code Sample"), new("text", text),
        ]))
        {
            var error = await PostOversizedAsync(server, addItem, form);
            Assert.Contains(error.GetProperty("details").EnumerateArray(), d => d.GetString()!.Contains("1 MB", StringComparison.Ordinal));
        }

        using (var multipart = new MultipartFormDataContent
        {
            { new StringContent("json"), "f" },
            { new StringContent(admin), "token" },
            { new StringContent("Too big"), "title" },
            { new StringContent("CSV"), "type" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(text)), "file", "big.csv" },
        })
        {
            await PostOversizedAsync(server, addItem, multipart);
        }

        Assert.Equal(before, await server.LastEventSequenceAsync());
        Assert.Equal(0, (await server.GetAsync($"content/users/{GeohooksServer.AdminUser}", admin)).GetProperty("total").GetInt32());
        Assert.Equal(0, (await server.GetAsync("search", admin, ("q", "title:\"Too big\""))).GetProperty("total").GetInt32());

        // The server still serves, and a body under the limit is accepted.
        var small = await server.PostAsync($"content/users/{GeohooksServer.AdminUser}/addItem", admin, ("title", "Small"), ("type", "Code Sample"), ("text", new string('y', 512 * 1024)));
        small.AssertSuccess();
    }
}

public sealed class PostgresBadInputTests(PostgresBadInputWorld world, ITestOutputHelper output) : BadInputTests(world, output), IClassFixture<PostgresBadInputWorld>;
