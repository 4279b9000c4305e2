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
}
