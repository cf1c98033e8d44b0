using Geohooks.Core.Features;
using Geohooks.Core.Features.Schema;

namespace Geohooks.Core.Storage;

/// <summary>
/// Hosted feature services: definitions, one real table per layer (typed columns, spatial index), the change log
/// and attachments. Schema changes run in the session's transaction like everything else, so a failed definition
/// change leaves no table behind.
/// </summary>
public interface IFeatureRepository
{
    Task<FeatureService?> FindByNameAsync(string orgId, string name, CancellationToken cancellationToken);

    Task<FeatureService?> FindByItemAsync(string itemId, CancellationToken cancellationToken);

    /// <summary>
    /// The service with its row locked until the session ends, so concurrent edits of one service take turns and
    /// its server generation advances without gaps or repeats.
    /// </summary>
    Task<FeatureService?> FindForUpdateAsync(string itemId, CancellationToken cancellationToken);

    /// <summary>As <see cref="FindForUpdateAsync"/>, found by its name in the org.</summary>
    Task<FeatureService?> FindByNameForUpdateAsync(string orgId, string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<FeatureService>> ListAsync(string orgId, CancellationToken cancellationToken);

    /// <summary>Inserts the service and assigns its key; throws <see cref="DuplicateKeyException"/> when the name is taken in the org.</summary>
    Task<FeatureService> InsertAsync(FeatureService service, CancellationToken cancellationToken);

    /// <summary>Stores the service-level definition, server generation and dates (not the layers).</summary>
    Task UpdateAsync(FeatureService service, CancellationToken cancellationToken);

    /// <summary>Deletes the service, its layers' tables, change log, attachments and jobs.</summary>
    Task DeleteAsync(FeatureService service, CancellationToken cancellationToken);

    /// <summary>Creates the layer's table, spatial index and bookkeeping row.</summary>
    Task CreateLayerAsync(FeatureLayer layer, CancellationToken cancellationToken);

    /// <summary>Stores the layer's definition and bookkeeping (generations, dates).</summary>
    Task UpdateLayerAsync(FeatureLayer layer, CancellationToken cancellationToken);

    Task DropLayerAsync(FeatureLayer layer, CancellationToken cancellationToken);

    /// <summary>Adds a column; existing rows get the field's default value (or null).</summary>
    Task AddFieldAsync(FeatureLayer layer, FieldDefinition field, CancellationToken cancellationToken);

    Task DropFieldAsync(FeatureLayer layer, FieldDefinition field, CancellationToken cancellationToken);

    /// <summary>Reserves <paramref name="count"/> object ids (never reused) and returns the first.</summary>
    Task<long> AllocateObjectIdsAsync(FeatureLayer layer, int count, CancellationToken cancellationToken);

    Task InsertFeaturesAsync(FeatureLayer layer, IReadOnlyList<FeatureRow> rows, CancellationToken cancellationToken);

    /// <summary>Writes the named attributes (and the shape when <paramref name="shape"/>) of one feature.</summary>
    Task UpdateFeatureAsync(FeatureLayer layer, FeatureRow row, IReadOnlyCollection<string> fields, bool shape, CancellationToken cancellationToken);

    Task DeleteFeaturesAsync(FeatureLayer layer, IReadOnlyList<long> objectIds, CancellationToken cancellationToken);

    /// <summary>Whole rows by object id (missing ids are skipped), in id order.</summary>
    Task<IReadOnlyList<FeatureRow>> GetFeaturesAsync(FeatureLayer layer, IReadOnlyList<long> objectIds, CancellationToken cancellationToken);

    /// <summary>Object ids of the rows with these GlobalIDs (compared case-insensitively), by GlobalID.</summary>
    Task<IReadOnlyDictionary<string, long>> FindByGlobalIdsAsync(FeatureLayer layer, IReadOnlyList<string> globalIds, CancellationToken cancellationToken);

    Task<IReadOnlyList<FeatureRow>> SelectAsync(FeatureLayer layer, FeatureSelect select, CancellationToken cancellationToken);

    Task<long> CountAsync(FeatureLayer layer, FeatureFilter filter, CancellationToken cancellationToken);

    /// <summary>The union of the matching rows' envelopes; null when none has a shape.</summary>
    Task<Extent?> ExtentAsync(FeatureLayer layer, FeatureFilter filter, CancellationToken cancellationToken);

    /// <summary>
    /// The object ids of those <paramref name="rows"/> that <paramref name="filter"/> selects as if they were rows of
    /// the layer's table: states of its features that need not be in the table, such as before-images from the change
    /// log. The where clause runs as the same SQL a query of the table runs; a row it fails to evaluate on (PostgreSQL
    /// raises on overflow or a bad cast where SQLite yields NULL) does not match, and the session stays usable.
    /// </summary>
    Task<IReadOnlySet<long>> MatchRowsAsync(FeatureLayer layer, IReadOnlyList<FeatureRow> rows, FeatureFilter filter, CancellationToken cancellationToken);

    Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> StatisticsAsync(FeatureLayer layer, FeatureStatisticsQuery query, CancellationToken cancellationToken);

    Task AppendChangesAsync(FeatureLayer layer, IReadOnlyList<FeatureChange> changes, CancellationToken cancellationToken);

    /// <summary>The layer's changes with <paramref name="afterGen"/> &lt; server gen ≤ <paramref name="toGen"/>, in order.</summary>
    Task<IReadOnlyList<FeatureChange>> ReadChangesAsync(FeatureLayer layer, long afterGen, long toGen, CancellationToken cancellationToken);

    /// <summary>
    /// For each of the features <paramref name="objectIds"/>, its first change (not an attachment's) after
    /// <paramref name="afterGen"/>, if it has one: whose before-image is the feature as it was right after that generation.
    /// </summary>
    Task<IReadOnlyList<FeatureChange>> ReadNextChangesAsync(FeatureLayer layer, long afterGen, IReadOnlyList<long> objectIds, CancellationToken cancellationToken);

    Task<long> AllocateAttachmentIdsAsync(FeatureLayer layer, int count, CancellationToken cancellationToken);

    Task InsertAttachmentAsync(FeatureLayer layer, Attachment attachment, byte[] data, CancellationToken cancellationToken);

    Task UpdateAttachmentAsync(FeatureLayer layer, Attachment attachment, byte[] data, CancellationToken cancellationToken);

    Task DeleteAttachmentsAsync(FeatureLayer layer, IReadOnlyList<long> attachmentIds, CancellationToken cancellationToken);

    /// <summary>Attachments of the given parents (all parents when null), ordered by parent then id.</summary>
    Task<IReadOnlyList<Attachment>> ListAttachmentsAsync(FeatureLayer layer, IReadOnlyList<long>? parentObjectIds, CancellationToken cancellationToken);

    Task<IReadOnlyList<Attachment>> FindAttachmentsAsync(FeatureLayer layer, IReadOnlyList<long> attachmentIds, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<string, Attachment>> FindAttachmentsByGlobalIdAsync(FeatureLayer layer, IReadOnlyList<string> globalIds, CancellationToken cancellationToken);

    Task<byte[]?> GetAttachmentDataAsync(FeatureLayer layer, long attachmentId, CancellationToken cancellationToken);

    Task InsertJobAsync(FeatureJob job, CancellationToken cancellationToken);

    /// <summary>Stores the job's status, result and error.</summary>
    Task UpdateJobAsync(FeatureJob job, CancellationToken cancellationToken);

    Task<FeatureJob?> FindJobAsync(string id, CancellationToken cancellationToken);

    /// <summary>Jobs not finished yet (Pending or InProgress), oldest first: the work a restarted server resumes.</summary>
    Task<IReadOnlyList<FeatureJob>> ListUnfinishedJobsAsync(int limit, CancellationToken cancellationToken);
}
