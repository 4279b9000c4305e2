using CowCollections.Segments;

namespace CowCollections.Tests.Segments;

/// <summary>The README's segment example, compiled and run (keep the two in sync).</summary>
public class ReadmeSegmentExampleTests
{
    [Fact]
    public void The_readme_segment_example_runs()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "orders.seg");
        var orders = PersistentList.CreateRange(Enumerable.Range(0, 1_000_000));
        var lines = new List<string>();

        using (var file = SegmentFile.OpenWrite(path))
        {
            file.Commit("orders", orders);
            var changed = orders.SetItem(500_000, -1);
            var info = file.Commit("orders", changed);
            lines.Add($"commit {info.Number} appended {info.BytesAppended} bytes");
            Assert.InRange(info.BytesAppended, 1, 2048);
        }

        using (var reader = SegmentFile.OpenRead(path))
        {
            PersistentList<int> opened = reader.Current.GetList<int>("orders");
            Assert.Equal(-1, opened[500_000]);
            var edited = opened.Add(42);
            Assert.Equal(42, edited[^1]);
            foreach (var commit in reader.GetCommits())
            {
                lines.Add($"{commit.Number}: {reader.OpenCommit(commit.Number).GetList<int>("orders")[500_000]}");
            }
        }

        Assert.Equal(["2: -1", "1: 500000"], lines[1..]);
    }

    [Fact]
    public void The_readme_dictionary_segment_example_runs()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "settings.seg");
        var settings = new CopyOnWriteDictionary<string, string> { ["db"] = "primary", ["timeout"] = "30" };
        using (var file = SegmentFile.OpenWrite(path))
        using (var binding = file.BindDictionary("settings", settings))
        {
            Assert.NotNull(binding.Commit());
            settings["timeout"] = "45";
            var info = binding.Commit();
            Assert.NotNull(info);
            Assert.InRange(info.BytesAppended, 1, 1024);
        }

        using (var reader = SegmentFile.OpenRead(path))
        {
            PersistentDictionary<string, string> saved = reader.Current.GetDictionary<string, string>("settings");
            Assert.Equal("45", saved["timeout"]);
            Assert.Equal("primary", saved["db"]);
        }
    }

    [Fact]
    public void The_readme_watch_example_delivers_each_commit_once_in_order_and_the_compaction_as_a_reset()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "prices.seg");
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using (var writer = SegmentFile.OpenWrite(path))
        {
            writer.Commit("prices", PersistentDictionary.CreateRange([KeyValuePair.Create("apple", 3)]));
            using var watcher = new SegmentWatcher(path);
            using var subscription = watcher.Subscribe(change =>
            {
                var prices = change.NewSnapshot.GetDictionary<string, int>("prices");
                string reset = change.IsReset() ? " (the file was compacted)" : "";
                lines.Enqueue($"commit {change.Version}{reset}: apple costs {prices["apple"]}");
            });

            writer.Commit("prices", PersistentDictionary.CreateRange([KeyValuePair.Create("apple", 4)]));
            writer.Commit("prices", PersistentDictionary.CreateRange([KeyValuePair.Create("apple", 5)]));
            writer.Compact();
            watcher.Poll();
        }

        // A notification may have delivered commit 2 or 3 before the compaction; what arrives is in order, once each,
        // and ends with the reset to commit 3 in the compacted file.
        var seen = lines.ToArray();
        Assert.Equal("commit 3 (the file was compacted): apple costs 5", seen[^1]);
        Assert.Subset(new HashSet<string> { "commit 2: apple costs 4", "commit 3: apple costs 5", "commit 3 (the file was compacted): apple costs 5" }, seen.ToHashSet());
        Assert.Equal(seen.Distinct().Count(), seen.Length);
    }
}
