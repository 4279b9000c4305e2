using Microsoft.Extensions.Configuration;

namespace CowCollections.Configuration.Tests.Configuration;

/// <summary>The README's "Configuration snapshots" example (and the per-process sample of docs/configuration.md), run and checked.</summary>
public sealed class ReadmeConfigurationExampleTests
{
    [Fact]
    public void The_configuration_snapshot_example_prints_what_the_readme_says()
    {
        var lines = new List<string>();
        Action<string> console = lines.Add;

        var root = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Db:Timeout"] = "30", ["Db:Pool"] = "8" })
            .Build();
        using var settings = root.ToSnapshot();
        using var changes = settings.Subscribe(change =>
        {
            foreach (var entry in change.Diff()) console($"v{change.Version}: {entry}");
        });
        root["Db:Timeout"] = "60";
        root.Reload();
        root.Reload();
        console(settings["db:timeout"]!);

        Assert.Equal(["v1: Changed Db:Timeout: 30 -> 60", "60"], lines);
    }
}
