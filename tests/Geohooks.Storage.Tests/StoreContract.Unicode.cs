using Geohooks.Core.Portal.Search;

namespace Geohooks.Storage.Tests;

public abstract partial class StoreContract
{
    [Fact]
    public async Task Case_insensitive_matching_folds_letters_beyond_ascii()
    {
        var user = await AddUserAsync("Émile");
        Assert.Equal(user.Id, (await ReadAsync(s => s.Users.FindByUsernameAsync(user.Username.ToLowerInvariant(), Ct)))?.Id);

        var item = await AddItemAsync(S.Item(user.Username, "Carte de l'ÉCOLE") with { Tags = [S.Tag, "Éducation"] });
        Assert.Equal([item.Id], await SearchItemIdsAsync(Q.Word("title", "école"), new Viewer(user.Username, S.OrgId, false)));
        Assert.Equal([item.Id], await SearchItemIdsAsync(Q.Word("tags", "éducation"), new Viewer(user.Username, S.OrgId, false)));
    }
}
