using CowCollections.Segments;
using CowCollections.Tests.Support;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace CowCollections.Tests.Segments;

/// <summary>
/// Model-based: random operations over many versions, some committed, the file reopened, and every
/// retained commit compared with the model of that commit. Every run prints its FsCheck seed
/// (<see cref="SeededProperty"/>: set COW_REPLAY=seed,gamma to replay); a failing scenario seed can also be
/// replayed directly with <see cref="Run"/>.
/// </summary>
public class SegmentModelTests(ITestOutputHelper output)
{
    [Fact]
    public void Random_versions_committed_and_reopened_equal_the_model() =>
        SeededProperty.Check(output, Gen.Choose(0, int.MaxValue), Run, 30);

    [Fact]
    public void Replay_seed_12345() => Run(12345);

    internal static void Run(int seed)
    {
        var random = new Random(seed);
        using var dir = new TempDirectory();
        string path = dir.File("model.seg");
        var model = new Dictionary<long, int[]>();
        var list = PersistentList<int>.Empty;
        var reference = new List<int>();
        using (var file = SegmentFile.OpenWrite(path))
        {
            int steps = random.Next(20, 120);
            int opsSinceCommit = 0;
            for (int step = 0; step < steps; step++)
            {
                if (model.Count > 0 && opsSinceCommit == 0 && reference.Count > 0 && random.Next(4) == 0)
                {
                    // A one-element change right after a commit appends one leaf, one branch per level,
                    // the list root and the root table (leaf <= 152 bytes, branch <= 408 bytes).
                    SetOne(random, ref list, reference);
                    var one = file.Commit("xs", list);
                    int levels = list.Core.Root is null ? 0 : list.Core.Shift / 5;
                    Assert.InRange(one.BytesAppended, 1, (levels * 408) + 152 + 200 + 200);
                    model[one.Number] = reference.ToArray();
                    continue;
                }

                Apply(random, ref list, reference);
                opsSinceCommit++;
                Assert.Equal(reference.Count, list.Count);
                if (random.Next(3) == 0)
                {
                    long before = file.Current.Commit.CommittedLength;
                    var info = file.Commit("xs", list);
                    Assert.Equal(before + info.BytesAppended, info.CommittedLength);
                    model[info.Number] = reference.ToArray();
                    opsSinceCommit = 0;
                }

                if (random.Next(10) == 0 && model.Count > 0)
                {
                    // Go back to the last committed version, read lazily from the map, and continue from it.
                    list = file.Current.GetList<int>("xs");
                    reference.Clear();
                    reference.AddRange(model[file.Current.Commit.Number]);
                    Assert.Equal(reference, list.ToArray());
                    opsSinceCommit = 0;
                }
            }
        }

        long head = SegmentTestFiles.OpenAndCompare(path, model);
        Assert.Equal(model.Count == 0 ? 0 : model.Keys.Max(), head);
    }

    /// <summary>Replaces one random element (a one-element change); returns true.</summary>
    private static bool SetOne(Random random, ref PersistentList<int> list, List<int> reference)
    {
        int at = random.Next(reference.Count);
        list = list.SetItem(at, ~at);
        reference[at] = ~at;
        return true;
    }

    /// <summary>Applies one random operation; returns true when it was a single SetItem.</summary>
    private static bool Apply(Random random, ref PersistentList<int> list, List<int> reference)
    {
        int op = random.Next(7);
        int count = reference.Count;
        switch (op)
        {
            case 0:
            case 1:
                int n = random.Next(1, random.Next(2) == 0 ? 40 : 3000);
                var items = Enumerable.Range(random.Next(), n).ToArray();
                list = list.AddRange(items);
                reference.AddRange(items);
                break;
            case 2 when count > 0:
                int at = random.Next(count);
                list = list.SetItem(at, -at);
                reference[at] = -at;
                return true;
            case 3:
                int pos = random.Next(count + 1);
                list = list.Insert(pos, pos);
                reference.Insert(pos, pos);
                break;
            case 4 when count > 0:
                int rm = random.Next(count);
                list = list.RemoveAt(rm);
                reference.RemoveAt(rm);
                break;
            case 5 when count > 1:
                int start = random.Next(count);
                int len = random.Next(count - start);
                list = list.RemoveRange(start, len);
                reference.RemoveRange(start, len);
                break;
            case 6 when count < 20_000:
                list = list.AddRange(list);
                reference.AddRange(reference.ToArray());
                break;
        }

        return false;
    }
}
