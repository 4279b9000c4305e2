namespace CowCollections.Tests.Set;

/// <summary>The README's set example, compiled and checked.</summary>
public sealed class ReadmeSetExampleTests
{
    [Fact]
    public void Readme_set_example_runs_as_documented()
    {
        PersistentHashSet<string> flags = ["beta", "dark-mode"];
        var next = flags.Add("fast-path").Remove("beta");
        bool hasFastPath = next.Contains("fast-path");
        Assert.True(hasFastPath);
        Assert.DoesNotContain("fast-path", (IReadOnlySet<string>)flags);
        var changes = flags.Diff(next).Select(c => c.ToString()).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["Added fast-path", "Removed beta"], changes);
        var both = flags.Intersect(next);
        Assert.Equal(["dark-mode"], both);
        Assert.True(flags.Union(next).IsSupersetOf(both));

        var origins = new CopyOnWriteSet<string>(StringComparer.OrdinalIgnoreCase);
        bool added = origins.Add("https://a.example");
        Assert.True(added);
        Assert.False(origins.Add("https://A.example"));
        origins.UnionWith(["https://B.example", "https://c.example"]);
        origins.ExceptWith(["https://A.EXAMPLE"]);
        PersistentHashSet<string> allowed = origins.Snapshot;
        Assert.Equal(2, allowed.Count);
        Assert.True(allowed.SetEquals(["https://b.example", "https://C.EXAMPLE"]));
        Assert.Equal(3, origins.Version);
    }
}
