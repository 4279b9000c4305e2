using Microsoft.Extensions.Primitives;

namespace CowCollections.Tests.Consistency;

/// <summary>The README's "Watching changes and registering listeners" example, compiled and checked.</summary>
public class ReadmeExampleTests
{
    [Fact]
    public void The_watching_and_registry_example_prints_what_the_readme_says()
    {
        var lines = new List<string>();
        Action<string> console = lines.Add;

        var settings = new CopyOnWriteList<string>();
        using var subscription = settings.Subscribe(change =>
            console($"v{change.Version}: {change.OldSnapshot.Count} -> {change.NewSnapshot.Count} items"));
        settings.Add("timeout=30");
        settings.Update(s => s.Add("retries=3").Add("region=eu"));

        using var reload = ChangeToken.OnChange(settings.GetChangeToken, () => console("reloaded"));
        settings.Add("tracing=on");

        var handlers = new ListenerRegistry<Action<string>>();
        using var audit = handlers.Add(e => console($"audit: {e}"));
        var metrics = handlers.Add(e => console($"metrics: {e}"));
        handlers.Invoke("started", static (handler, e) => handler(e));
        metrics.Dispose();
        console(handlers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(
        [
            "v1: 0 -> 1 items", "v2: 1 -> 3 items", "v3: 3 -> 4 items", "reloaded",
            "audit: started", "metrics: started", "1",
        ], lines);
    }

    [Fact]
    public void The_dictionary_Diff_lines_of_the_watching_example_print_what_the_readme_says()
    {
        var lines = new List<string>();
        Action<string> console = lines.Add;

        var flags = new CopyOnWriteDictionary<string, bool>();
        using var diffs = flags.Subscribe(change =>
        {
            foreach (var c in change.Diff()) console($"{c.Kind} {c.Key}");
        });
        flags.SetItems([new("beta", true), new("dark", false)]);

        Assert.Equal(["Added beta", "Added dark"], lines.Order());
        Assert.Equal(1, flags.Version);
    }
}
