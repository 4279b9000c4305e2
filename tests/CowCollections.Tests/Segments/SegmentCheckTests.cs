using CowCollections.Segments;

namespace CowCollections.Tests.Segments;

/// <summary>
/// <see cref="SegmentFile.Check"/> on files whose commits share nodes: every shared record is decoded once, so the
/// check's work grows with what the commits changed, while every commit's values are still read and counted.
/// </summary>
public class SegmentCheckTests
{
    private const int Changes = 30;

    [Fact]
    public void Each_shared_record_is_checked_once_however_many_commits_reach_it()
    {
        using var dir = new TempDirectory();
        string first = dir.File("first.seg");
        string history = dir.File("history.seg");
        var list = PersistentList.CreateRange(Enumerable.Range(0, 200_000));
        var array = PersistentArray.CreateRange(Enumerable.Range(0, 100_000));
        var dictionary = PersistentDictionary.CreateRange(Enumerable.Range(0, 20_000).Select(i => KeyValuePair.Create($"k{i}", i)));
        Commit(first, list, array, dictionary);
        long once = NodeRecords(first, out _);

        using (var writer = SegmentFile.OpenWrite(history))
        {
            writer.BeginCommit().SetList("list", list).SetArray("array", array).SetDictionary("dictionary", dictionary).Commit();
            for (int i = 1; i <= Changes; i++)
            {
                list = list.SetItem(i * 6_007, -i);
                array = array.SetItem(i * 3_001, -i);
                dictionary = dictionary.SetItem($"k{i * 613}", -i);
                writer.BeginCommit().SetList("list", list).SetArray("array", array).SetDictionary("dictionary", dictionary).Commit();
            }
        }

        long all = NodeRecords(history, out var report);
        Assert.True(report.IsHealthy);
        Assert.Equal(Changes + 1, report.Commits.Count);
        Assert.Equal((Changes + 1) * 320_000L, report.ValuesChecked);

        // A change rewrites one leaf and its path in each value: a few records per root per commit, not all of them.
        Assert.True(once > 3_000, $"the first commit alone has {once} node records");
        Assert.InRange(all, once, once + (Changes * 3 * 8));
    }

    [Fact]
    public void A_damaged_record_shared_by_every_commit_is_reported_in_each_of_them()
    {
        using var dir = new TempDirectory();
        string path = dir.File("shared.seg");
        var list = PersistentList.CreateRange(Enumerable.Range(0, 50_000));
        using (var writer = SegmentFile.OpenWrite(path))
        {
            writer.Commit("list", list);
            writer.Commit("list", list.Add(1));
            writer.Commit("list", list.Add(2));
        }

        // A byte in the middle of the file lies in a leaf that the three versions share.
        SegmentTestFiles.FlipByte(path, (new FileInfo(path).Length / 3) & ~7L, 0x5A);
        using var reader = SegmentFile.OpenRead(path);
        var report = reader.Check();
        Assert.False(report.IsHealthy);
        Assert.All(report.Commits, c => Assert.IsAssignableFrom<SegmentException>(c.Problem));
    }

    private static void Commit<TValue>(string path, PersistentList<int> list, PersistentArray<int> array, PersistentDictionary<string, TValue> dictionary)
    {
        using var writer = SegmentFile.OpenWrite(path);
        writer.BeginCommit().SetList("list", list).SetArray("array", array).SetDictionary("dictionary", dictionary).Commit();
    }

    private static long NodeRecords(string path, out SegmentCheckReport report)
    {
        using var reader = SegmentFile.OpenRead(path);
        report = reader.Check();
        return report.NodeRecordsChecked;
    }
}
