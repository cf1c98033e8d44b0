using System.Data.Common;
using Geohooks.Core.Portal;

namespace Geohooks.Storage.Sql.Repositories;

/// <summary>The items table's column list, its parameters from an <see cref="Item"/>, and the row mapping.</summary>
internal static class ItemRows
{
    public const string Columns =
        "i.id, i.org_id, i.owner, i.owner_folder, i.title, i.type, i.type_keywords, i.name, i.description, i.snippet, " +
        "i.tags, i.url, i.access_information, i.license_info, i.culture, i.spatial_reference, i.extent, i.categories, " +
        "i.properties, i.access, i.protected, i.size, i.created, i.modified";

    public const string Insert = """
        INSERT INTO items (id, org_id, owner, owner_key, owner_folder, title, type, type_keywords, type_keywords_key,
            name, description, snippet, tags, tags_key, url, access_information, license_info, culture,
            spatial_reference, extent, categories, categories_key, properties, access, protected, size, created, modified)
        VALUES (@id, @org_id, @owner, @owner_key, @owner_folder, @title, @type, @type_keywords, @type_keywords_key,
            @name, @description, @snippet, @tags, @tags_key, @url, @access_information, @license_info, @culture,
            @spatial_reference, @extent, @categories, @categories_key, @properties, @access, @protected, @size, @created, @modified)
        """;

    public const string Update = """
        UPDATE items SET org_id = @org_id, owner = @owner, owner_key = @owner_key, owner_folder = @owner_folder,
            title = @title, type = @type, type_keywords = @type_keywords, type_keywords_key = @type_keywords_key,
            name = @name, description = @description, snippet = @snippet, tags = @tags, tags_key = @tags_key,
            url = @url, access_information = @access_information, license_info = @license_info, culture = @culture,
            spatial_reference = @spatial_reference, extent = @extent, categories = @categories,
            categories_key = @categories_key, properties = @properties, access = @access, protected = @protected,
            size = @size, created = @created, modified = @modified
        WHERE id = @id
        """;

    public static SqlArgs Args(Item item) => new()
    {
        ["id"] = Keys.Of(item.Id),
        ["org_id"] = item.OrgId,
        ["owner"] = item.Owner,
        ["owner_key"] = Keys.Of(item.Owner),
        ["owner_folder"] = Keys.OfNullable(item.OwnerFolder),
        ["title"] = item.Title,
        ["type"] = item.Type,
        ["type_keywords"] = Lists.ToJson(item.TypeKeywords),
        ["type_keywords_key"] = Lists.ToKey(item.TypeKeywords),
        ["name"] = item.Name,
        ["description"] = item.Description,
        ["snippet"] = item.Snippet,
        ["tags"] = Lists.ToJson(item.Tags),
        ["tags_key"] = Lists.ToKey(item.Tags),
        ["url"] = item.Url,
        ["access_information"] = item.AccessInformation,
        ["license_info"] = item.LicenseInfo,
        ["culture"] = item.Culture,
        ["spatial_reference"] = item.SpatialReference,
        ["extent"] = Lists.ToJson(item.Extent),
        ["categories"] = Lists.ToJson(item.Categories),
        ["categories_key"] = Lists.ToKey(item.Categories),
        ["properties"] = item.Properties,
        ["access"] = item.Access,
        ["protected"] = item.Protected,
        ["size"] = item.Size,
        ["created"] = item.Created,
        ["modified"] = item.Modified,
    };

    public static Item Read(DbDataReader r) => new()
    {
        Id = r.Text(0),
        OrgId = r.Text(1),
        Owner = r.Text(2),
        OwnerFolder = r.TextOrNull(3),
        Title = r.Text(4),
        Type = r.Text(5),
        TypeKeywords = r.Strings(6),
        Name = r.TextOrNull(7),
        Description = r.TextOrNull(8),
        Snippet = r.TextOrNull(9),
        Tags = r.Strings(10),
        Url = r.TextOrNull(11),
        AccessInformation = r.TextOrNull(12),
        LicenseInfo = r.TextOrNull(13),
        Culture = r.TextOrNull(14),
        SpatialReference = r.TextOrNull(15),
        Extent = Lists.DoublesFromJson(r.Text(16)),
        Categories = r.Strings(17),
        Properties = r.TextOrNull(18),
        Access = r.Text(19),
        Protected = r.Bool(20),
        Size = r.Long(21),
        Created = r.Long(22),
        Modified = r.Long(23),
    };
}
