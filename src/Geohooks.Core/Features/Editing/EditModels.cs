using System.Text.Json;
using Geohooks.Core.Storage;

namespace Geohooks.Core.Features.Editing;

/// <summary>The edits for one layer of an <c>applyEdits</c> call (spec resources §7.1): features as sent, deletes as text.</summary>
public sealed record LayerEdits
{
    public required int LayerId { get; init; }

    public IReadOnlyList<JsonElement> Adds { get; init; } = [];

    public IReadOnlyList<JsonElement> Updates { get; init; } = [];

    /// <summary>Object ids, or GlobalIDs when <see cref="EditOptions.UseGlobalIds"/>.</summary>
    public IReadOnlyList<string> Deletes { get; init; } = [];

    /// <summary>
    /// Features to delete chosen by a query (deleteFeatures by where/geometry), run inside the edit transaction so the
    /// rows it finds are the rows deleted.
    /// </summary>
    public Func<IStoreSession, FeatureLayer, CancellationToken, Task<IReadOnlyList<long>>>? DeleteQuery { get; init; }

    public AttachmentEdits? Attachments { get; init; }

    public bool IsEmpty => Adds.Count == 0 && Updates.Count == 0 && Deletes.Count == 0 && DeleteQuery is null && Attachments is null;
}

/// <summary>The <c>attachments</c> parameter of applyEdits, only with <c>useGlobalIds=true</c>.</summary>
public sealed record AttachmentEdits
{
    public IReadOnlyList<JsonElement> Adds { get; init; } = [];

    public IReadOnlyList<JsonElement> Updates { get; init; } = [];

    public IReadOnlyList<string> Deletes { get; init; } = [];
}

public sealed record EditOptions
{
    public bool RollbackOnFailure { get; init; } = true;

    public bool UseGlobalIds { get; init; }

    /// <summary>The spatial reference of edit geometries that carry none (applyEdits has no inSR; geometries may carry theirs).</summary>
    public Geometry.SpatialReference? InSR { get; init; }
}

/// <summary>One edit's outcome. <see cref="ObjectId"/> is -1 for an add that failed.</summary>
public sealed record EditResult(long ObjectId, string? GlobalId, EditError? Error)
{
    public bool Success => Error is null;
}

/// <summary>The outcome of one layer's edits, in input order.</summary>
public sealed record LayerEditResult
{
    public required int LayerId { get; init; }

    public List<EditResult> Adds { get; } = [];

    public List<EditResult> Updates { get; } = [];

    public List<EditResult> Deletes { get; } = [];

    /// <summary>Null unless attachment edits were asked for.</summary>
    public AttachmentEditResults? Attachments { get; init; }

    public long EditMoment { get; set; }

    public IEnumerable<EditResult> All => Adds.Concat(Updates).Concat(Deletes).Concat(Attachments?.All ?? []);
}

public sealed record AttachmentEditResults
{
    public List<EditResult> Adds { get; } = [];

    public List<EditResult> Updates { get; } = [];

    public List<EditResult> Deletes { get; } = [];

    public IEnumerable<EditResult> All => Adds.Concat(Updates).Concat(Deletes);
}
