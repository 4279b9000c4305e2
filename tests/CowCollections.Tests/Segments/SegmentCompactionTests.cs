using CowCollections.Segments;
using CowCollections.Segments.Internal;

namespace CowCollections.Tests.Segments;

/// <summary>Compaction into a new file, readers during growth and compaction, and containers bound to a file.</summary>
public class SegmentCompactionTests
{
    [Fact]
    public void Compaction_keeps_the_newest_commit_drops_history_and_readers_keep_their_version()
    {
        using var dir = new TempDirectory();
        string path = dir.File("compact.seg");
        using var writer = SegmentFile.OpenWrite(path);
        var xs = PersistentList.CreateRange(Enumerable.Range(0, 100_000));
        writer.Commit("xs", xs);
        for (int i = 0; i < 30; i++)
        {
            xs = xs.SetItem(i * 3000, -i).Insert(i * 17, i);
            writer.BeginCommit().SetList("xs", xs).SetList("tag", PersistentList.Create($"v{i}")).Commit();
        }

        using var reader = SegmentFile.OpenRead(path);
        var held = reader.OpenCommit(5).GetList<int>("xs");
        var heldExpected = held.ToArray();
        var heldCold = reader.Current.GetList<int>("xs");
        long before = new FileInfo(path).Length;

        var info = writer.Compact();
        Assert.Equal(31, info.Number);
        Assert.True(new FileInfo(path).Length < before, "compaction did not shrink the file");
        Assert.Single(writer.GetCommits());
        Assert.Equal(xs.ToArray(), writer.Current.GetList<int>("xs").ToArray());
        Assert.Equal(["v29"], writer.Current.GetList<string>("tag").ToArray());

        // Readers of the old file still read their versions, even nodes not decoded before the swap.
        Assert.Equal(heldExpected, held.ToArray());
        Assert.Equal(xs.ToArray(), heldCold.ToArray());
        Assert.True(reader.Refresh());
        Assert.Single(reader.GetCommits());
        Assert.Equal(xs.ToArray(), reader.Current.GetList<int>("xs").ToArray());

        // The writer's values still share with the compacted file: the next commit is incremental.
        var next = writer.Commit("xs", xs.SetItem(5, 5555));
        Assert.InRange(next.BytesAppended, 1, 4096);
        using var fresh = SegmentFile.OpenRead(path);
        Assert.Equal(xs.SetItem(5, 5555).ToArray(), fresh.Current.GetList<int>("xs").ToArray());
        SegmentTestFiles.Verify(fresh);
    }

    [Fact]
    public void A_bound_container_commits_on_demand_only_when_it_changed()
    {
        using var dir = new TempDirectory();
        string path = dir.File("bound.seg");
        using var file = SegmentFile.OpenWrite(path);
        var listeners = new CopyOnWriteList<string>(["audit"]);
        using (var binding = file.BindList("listeners", listeners))
        {
            Assert.NotNull(binding.Commit());
            Assert.Null(binding.Commit());
            listeners.Add("metrics");
            var info = binding.Commit();
            Assert.NotNull(info);
            Assert.Equal(listeners.Version, binding.CommittedVersion);
            listeners.Add("trace");
        }

        using var reader = SegmentFile.OpenRead(path);
        Assert.Equal(["audit", "metrics", "trace"], reader.Current.GetList<string>("listeners").ToArray());
    }

    [Fact]
    public async Task A_bound_container_with_auto_commit_reaches_the_file_without_a_call()
    {
        using var dir = new TempDirectory();
        string path = dir.File("auto.seg");
        using var file = SegmentFile.OpenWrite(path);
        var xs = new CopyOnWriteList<int>();
        using var binding = file.BindList("xs", xs, SegmentCodecs.Int32, new SegmentBindingOptions { AutoCommitInterval = TimeSpan.FromMilliseconds(20), CommitOnDispose = false });
        for (int i = 0; i < 100; i++)
        {
            xs.Add(i);
        }

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (binding.CommittedVersion != xs.Version && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Null(binding.LastAutoCommitError);
        Assert.Equal(xs.Version, binding.CommittedVersion);
        using var reader = SegmentFile.OpenRead(path);
        Assert.Equal(Enumerable.Range(0, 100), reader.Current.GetList<int>("xs").ToArray());
    }
}
