using CowCollections.Internal.VectorTrie;
using CowCollections.Segments;

namespace CowCollections.Tests.Segments;

public class SegmentListTests
{
    [Fact]
    public void Commit_reopen_and_read_a_list()
    {
        using var dir = new TempDirectory();
        string path = dir.File("a.seg");
        var list = PersistentList.CreateRange(Enumerable.Range(0, 100_000));
        using (var file = SegmentFile.OpenWrite(path))
        {
            var info = file.Commit("numbers", list);
            Assert.Equal(1, info.Number);
        }

        using var reader = SegmentFile.OpenRead(path);
        var opened = reader.Current.GetList<int>("numbers");
        Assert.Equal(100_000, opened.Count);
        Assert.Equal(54_321, opened[54_321]);
        Assert.Equal(list.ToArray(), opened.ToArray());
        TrieChecker<int, CowCollections.Internal.DefaultGeometry>.Check(opened.Core);
    }

    [Fact]
    public void Opening_decodes_nothing_below_the_root_until_touched()
    {
        using var dir = new TempDirectory();
        string path = dir.File("lazy.seg");
        using (var file = SegmentFile.OpenWrite(path))
        {
            file.Commit("xs", PersistentList.CreateRange(Enumerable.Range(0, 200_000)));
        }

        using var reader = SegmentFile.OpenRead(path);
        var xs = reader.Current.GetList<int>("xs");
        var root = xs.Core.Root!;
        Assert.True(root.IsPending);
        Assert.Equal(123_456, xs[123_456]);
        Assert.False(root.IsPending);
        int pending = root.Children.ToArray().Count(c => ((TrieNode)c).IsPending);
        Assert.Equal(root.Count - 1, pending);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(1057)]
    [InlineData(40_000)]
    public void Lists_of_every_shape_round_trip(int count)
    {
        using var dir = new TempDirectory();
        string path = dir.File("shapes.seg");
        var balanced = PersistentList.CreateRange(Enumerable.Range(0, count));
        var relaxed = balanced;
        for (int i = 0; i < Math.Min(count, 50); i++)
        {
            relaxed = relaxed.Insert(i * 7 % (relaxed.Count + 1), -i);
        }

        relaxed = relaxed.AddRange(balanced);
        using (var file = SegmentFile.OpenWrite(path))
        {
            file.BeginCommit().SetList("balanced", balanced).SetList("relaxed", relaxed).Commit();
        }

        using var reader = SegmentFile.OpenRead(path);
        var b = reader.Current.GetList<int>("balanced");
        var r = reader.Current.GetList<int>("relaxed");
        Assert.Equal(balanced.ToArray(), b.ToArray());
        Assert.Equal(relaxed.ToArray(), r.ToArray());
        TrieChecker<int, CowCollections.Internal.DefaultGeometry>.Check(r.Core);
        for (int i = 0; i < r.Count; i += 97)
        {
            Assert.Equal(relaxed[i], r[i]);
        }
    }

    [Fact]
    public void A_one_element_change_to_a_million_element_list_appends_one_path()
    {
        using var dir = new TempDirectory();
        using var file = SegmentFile.OpenWrite(dir.File("inc.seg"));
        var list = PersistentList.CreateRange(Enumerable.Range(0, 1_000_000));
        var full = file.Commit("xs", list);
        // 4.75 bytes per int: a 32-int leaf is 128 bytes of values + 24 bytes of record framing.
        Assert.InRange(full.BytesAppended, 4_000_000, 5_200_000);

        var changed = list.SetItem(500_000, -1);
        var one = file.Commit("xs", changed);

        // depth 4 for 1M ints: 3 branches (each <= 16 + 8 + 32*8 + 32*4 bytes) + 1 leaf (16 + 8 + 128)
        // + the list root and the commit record (< 200 bytes each).
        long bound = (3 * 408) + 152 + 200 + 200;
        Assert.InRange(one.BytesAppended, 1, bound);

        var same = file.Commit("xs", changed);
        Assert.InRange(same.BytesAppended, 1, 200);
    }

    [Fact]
    public void A_list_opened_from_the_writer_is_changed_and_committed_again_sharing_the_file()
    {
        using var dir = new TempDirectory();
        string path = dir.File("reopen.seg");
        using (var file = SegmentFile.OpenWrite(path))
        {
            file.Commit("xs", PersistentList.CreateRange(Enumerable.Range(0, 300_000)));
        }

        int[] expected;
        using (var file = SegmentFile.OpenWrite(path))
        {
            var xs = file.Current.GetList<int>("xs");
            var changed = xs.SetItem(7, -7).Add(42).RemoveAt(299_999);
            expected = changed.ToArray();
            var info = file.Commit("xs", changed);
            Assert.InRange(info.BytesAppended, 1, 8 * 1024);
        }

        using var reader = SegmentFile.OpenRead(path);
        Assert.Equal(expected, reader.Current.GetList<int>("xs").ToArray());
        Assert.Equal(300_000, reader.OpenCommit(1).GetList<int>("xs").Count);
    }

    [Fact]
    public void The_history_lists_every_commit_and_each_opens_as_it_was()
    {
        using var dir = new TempDirectory();
        string path = dir.File("history.seg");
        var versions = new List<int[]>();
        using (var file = SegmentFile.OpenWrite(path))
        {
            var xs = PersistentList<int>.Empty;
            for (int i = 0; i < 20; i++)
            {
                xs = xs.AddRange(Enumerable.Range(i * 100, 100)).SetItem(i, -i);
                file.Commit("xs", xs);
                versions.Add(xs.ToArray());
            }

            file.BeginCommit().Remove("xs").SetList("other", PersistentList.Create("x")).Commit();
        }

        using var reader = SegmentFile.OpenRead(path);
        var commits = reader.GetCommits();
        Assert.Equal(Enumerable.Range(1, 21).Reverse().Select(i => (long)i), commits.Select(c => c.Number));
        Assert.Equal(["other"], commits[0].RootNames);
        Assert.False(reader.Current.Contains("xs"));
        for (int i = 0; i < 20; i++)
        {
            Assert.Equal(versions[i], reader.OpenCommit(i + 1).GetList<int>("xs").ToArray());
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => reader.OpenCommit(99));
    }

    [Fact]
    public void A_reader_keeps_its_version_while_the_writer_appends_and_refresh_sees_the_newest()
    {
        using var dir = new TempDirectory();
        string path = dir.File("grow.seg");
        using var writer = SegmentFile.OpenWrite(path);
        var xs = PersistentList.CreateRange(Enumerable.Range(0, 50_000));
        writer.Commit("xs", xs);

        using var reader = SegmentFile.OpenRead(path);
        var held = reader.Current.GetList<int>("xs");
        for (int i = 0; i < 10; i++)
        {
            xs = xs.SetItem(i * 1000, -1).AddRange(Enumerable.Range(0, 5000));
            writer.Commit("xs", xs);
        }

        Assert.False(reader.Current.Contains("missing"));
        Assert.Equal(1, reader.Current.Commit.Number);
        Assert.Equal(Enumerable.Range(0, 50_000), held.ToArray());

        Assert.True(reader.Refresh());
        Assert.Equal(11, reader.Current.Commit.Number);
        Assert.Equal(xs.ToArray(), reader.Current.GetList<int>("xs").ToArray());
        Assert.False(reader.Refresh());
        Assert.Equal(Enumerable.Range(0, 50_000), held.ToArray());
    }

    [Fact]
    public void Values_stay_readable_after_the_file_is_disposed()
    {
        using var dir = new TempDirectory();
        string path = dir.File("dispose.seg");
        using (var writer = SegmentFile.OpenWrite(path))
        {
            writer.Commit("xs", PersistentList.CreateRange(Enumerable.Range(0, 10_000)));
        }

        PersistentList<int> xs;
        using (var reader = SegmentFile.OpenRead(path))
        {
            xs = reader.Current.GetList<int>("xs");
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        Assert.Equal(Enumerable.Range(0, 10_000), xs.ToArray());
    }

    [Fact]
    public void Many_threads_decoding_the_same_lazy_nodes_see_the_same_values()
    {
        using var dir = new TempDirectory();
        string path = dir.File("race.seg");
        using (var writer = SegmentFile.OpenWrite(path))
        {
            writer.Commit("xs", PersistentList.CreateRange(Enumerable.Range(0, 100_000)));
        }

        using var reader = SegmentFile.OpenRead(path);
        for (int round = 0; round < 5; round++)
        {
            using var again = SegmentFile.OpenRead(path);
            var xs = again.Current.GetList<int>("xs");
            Parallel.For(0, 8, t =>
            {
                for (int i = t; i < 100_000; i += 37)
                {
                    Assert.Equal(i, xs[i]);
                }
            });
            TrieChecker<int, CowCollections.Internal.DefaultGeometry>.Check(xs.Core);
        }
    }

    [Fact]
    public void A_second_writer_fails_fast_and_the_first_is_unaffected()
    {
        using var dir = new TempDirectory();
        string path = dir.File("lock.seg");
        using var first = SegmentFile.OpenWrite(path);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var e = Assert.Throws<SegmentWriterLockedException>(() => SegmentFile.OpenWrite(path));
        Assert.True(started.ElapsedMilliseconds < 2000);
        Assert.Equal(path, e.FilePath);
        first.Commit("xs", PersistentList.Create(1, 2, 3));
        using var reader = SegmentFile.OpenRead(path);
        Assert.Equal([1, 2, 3], reader.Current.GetList<int>("xs").ToArray());
        Assert.Throws<InvalidOperationException>(() => reader.BeginCommit());
    }

    [Fact]
    public void Opening_a_list_with_another_codec_is_refused()
    {
        using var dir = new TempDirectory();
        string path = dir.File("codec.seg");
        using var file = SegmentFile.OpenWrite(path);
        file.Commit("xs", PersistentList.Create(1, 2, 3));
        var e = Assert.Throws<SegmentFormatException>(() => file.Current.GetList<long>("xs"));
        Assert.Contains("i32", e.Reason);
        Assert.Throws<KeyNotFoundException>(() => file.Current.GetList<int>("nope"));
    }
}
