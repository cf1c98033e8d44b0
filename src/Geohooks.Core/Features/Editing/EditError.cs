namespace Geohooks.Core.Features.Editing;

/// <summary>A per-edit failure with its ArcGIS edit error code and exact description (spec resources §7.1).</summary>
public sealed record EditError(int Code, string Description)
{
    public static EditError Content() => new(1000, "Non-specific edit content error.");

    public static EditError NotNullable(string field) => new(1001, $"Field: {field} is not nullable. Cannot set null value.");

    public static EditError RolledBack() => new(1003, "Operation rolled back.");

    public static EditError GeometryUpdateNotAllowed() => new(1004, "Geometry update not allowed.");

    public static EditError OwnershipDenied() => new(1007, "Edit denied due to ownership-based access control.");

    public static EditError AddAttachmentFailed() => new(1008, "Adding an attachment failed.");

    public static EditError UpdateAttachmentFailed() => new(1009, "Updating an attachment failed.");

    public static EditError DeleteAttachmentFailed() => new(1010, "Deleting an attachment failed.");

    public static EditError Missing() => new(1011, "Object is missing.");

    public static EditError SetValueFailed(string field) => new(1016, $"Setting of value for {field} failed.");

    public static EditError MissingGlobalId() => new(1020, "Missing GlobalID.");

    public static EditError EmptyGlobalId() => new(1021, "Empty GlobalID.");

    public static EditError UniqueViolation() => new(1022, "Unique constraint violation error on inserting the value.");
}

/// <summary>Thrown inside one edit to abandon it with its error; caught by the editor and reported per edit.</summary>
public sealed class EditFailedException(EditError error) : Exception(error.Description)
{
    public EditError Error { get; } = error;

    public EditFailedException()
        : this(EditError.Content())
    {
    }

    public EditFailedException(string message)
        : this(new EditError(1000, message))
    {
    }

    public EditFailedException(string message, Exception innerException)
        : this(new EditError(1000, message + " " + innerException.Message))
    {
    }
}
