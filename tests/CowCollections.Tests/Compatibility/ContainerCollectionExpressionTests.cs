namespace CowCollections.Tests.Compatibility;

public class ContainerCollectionExpressionTests
{
    [Fact]
    public void A_collection_expression_makes_a_CopyOnWriteArray()
    {
        CopyOnWriteArray<int> a = [1, 2, 3];
        Assert.Equal(new[] { 1, 2, 3 }, a.ToArray());
        Assert.Equal(3, a.Length);

        int[] more = [4, 5];
        CopyOnWriteArray<int> spread = [0, .. more, 6];
        Assert.Equal(new[] { 0, 4, 5, 6 }, spread.ToArray());

        CopyOnWriteArray<string> empty = [];
        Assert.Equal(0, empty.Length);
    }

    [Fact]
    public void A_collection_expression_makes_a_CopyOnWriteDictionary()
    {
        CopyOnWriteDictionary<string, int> d = [new("a", 1), new("b", 2)];
        Assert.Equal(2, d.Count);
        Assert.Equal(1, d["a"]);
        Assert.Equal(2, d["b"]);

        CopyOnWriteDictionary<string, int> repeated = [new("a", 1), new("a", 3)];
        Assert.Equal(3, repeated["a"]);
        PersistentDictionary<string, int> persistent = [new("a", 1), new("a", 3)];
        Assert.True(persistent.DictionaryEquals(repeated.Snapshot));

        CopyOnWriteDictionary<string, int> empty = [];
        Assert.True(empty.IsEmpty);
    }
}
