namespace CowCollections.Tests.Dictionary;

/// <summary>The README's dictionary example, compiled and checked.</summary>
public sealed class ReadmeDictionaryExampleTests
{
    [Fact]
    public void Readme_dictionary_example_runs_as_documented()
    {
        PersistentDictionary<string, int> d1 = [new("a", 1), new("b", 2)];
        var d2 = d1.SetItem("a", 10).Remove("b").Add("c", 3);
        var changes = d1.Diff(d2).Select(c => c.ToString()).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["Added c: 3", "Changed a: 1 -> 10", "Removed b: 2"], changes);
        Assert.False(d1.DictionaryEquals(d2));

        var dictBuilder = d2.ToBuilder();
        dictBuilder["d"] = 4;
        PersistentDictionary<string, int> d3 = dictBuilder.ToImmutable();
        Assert.Equal(3, d3.Count);
        Assert.False(d2.ContainsKey("d"));

        var config = new CopyOnWriteDictionary<string, string>();
        config.SetItems([new("db.timeout", "30s"), new("log.level", "info")]);
        config.AddOrUpdate("reloads", "1", (key, old) => old + "+");
        string level = config.GetOrAdd("log.level", "warn");
        PersistentDictionary<string, string> settings = config.Snapshot;
        Assert.Equal("info", level);
        Assert.Equal(3, settings.Count);
        Assert.Equal(2, config.Version);
    }
}
