using CowCollections.Etcd;

namespace CowCollections.Configuration.Tests.Etcd;

/// <summary>The CowCollections.Etcd README example, run against the test cluster.</summary>
[Collection("etcd")]
public sealed class EtcdReadmeExampleTests(EtcdCluster cluster)
{
    [SkippableFact]
    public async Task The_package_readme_example_prints_one_line_per_revision_and_reads_the_update()
    {
        cluster.Require();
        var lines = new List<string>();
        var prefix = EtcdTestSupport.NewPrefix("readme");

        using var client = cluster.NewClient();
        await using var settings = await EtcdDictionary.StartAsync(client, prefix);
        settings.Subscribe(change => { lock (lines) { lines.Add($"{change.Version}: {string.Join(", ", change.Diff())}"); } });
        await settings.SetItemsAsync([KeyValuePair.Create("Db/Timeout", "30"), KeyValuePair.Create("Db/Pool", "8")]);
        await settings.UpdateAsync(d => d.SetItem("Db/Timeout", "60"));
        string timeout = settings.Snapshot["Db/Timeout"];

        Assert.Equal("60", timeout);
        lock (lines)
        {
            Assert.Equal(2, lines.Count);
            Assert.StartsWith("1: Added Db/", lines[0], StringComparison.Ordinal);
            Assert.Equal("2: Changed Db/Timeout: 30 -> 60", lines[1]);
        }
    }
}
