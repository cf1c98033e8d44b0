namespace Geohooks.Core.Errors;

/// <summary>The ArcGIS errors the portal raises, worded as ArcGIS words them where that is known (spec §1.2).</summary>
public static class Errors
{
    public const string PermissionMessage = "You do not have permissions to access this resource or perform this operation.";

    public static ArcGisException TokenRequired() =>
        new(499, "Token Required", ["Token Required"], "GWM_0003");

    public static ArcGisException InvalidToken() =>
        new(498, "Invalid token.", ["Invalid token."], "GWM_0003");

    public static ArcGisException Forbidden(string? detail = null) =>
        new(403, PermissionMessage, detail is null ? [] : [detail], "GWM_0003");

    public static ArcGisException BadRequest(string detail) =>
        new(400, "Unable to complete operation.", [detail]);

    public static ArcGisException MissingParameter(string name) =>
        new(400, "Invalid or missing input parameters.", [$"'{name}' must be specified."]);

    public static ArcGisException InvalidParameter(string name, string why) =>
        new(400, "Invalid or missing input parameters.", [$"'{name}': {why}"]);

    public static ArcGisException ItemNotFound(string id) =>
        new(400, "Item does not exist or is inaccessible.", [$"Item '{id}' does not exist or is inaccessible."], "CONT_0001");

    public static ArcGisException GroupNotFound(string id) =>
        new(400, "Group does not exist or is inaccessible.", [$"Group '{id}' does not exist or is inaccessible."], "COM_0003");

    public static ArcGisException UserNotFound(string username) =>
        new(400, $"User '{username}' does not exist or is inaccessible.", [], "COM_0019");

    public static ArcGisException FolderNotFound(string id) =>
        new(400, "Folder does not exist or is inaccessible.", [$"Folder '{id}' does not exist or is inaccessible."], "CONT_0011");

    public static ArcGisException Conflict(string detail) =>
        new(409, "Unable to complete operation.", [detail]);

    public static ArcGisException NotFound(string what) =>
        new(404, $"{what} not found.", []);
}
