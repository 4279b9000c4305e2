using System.Globalization;
using CowCollections.Segments;
using Xunit.Abstractions;

namespace CowCollections.Tests.Segments;

/// <summary>
/// Power loss, not only process death: a model-based workload of commits (a list and a dictionary root,
/// sometimes a root removed), compactions, writer reopens and reader refreshes runs on a
/// <see cref="SimulatedDisk"/>. Before every operation that changes the disk the power is cut in a copy of it
/// (dropping every unflushed write, or keeping a random subset torn at 512-byte boundaries), and the copy is
/// reopened: it must open without error at exactly the last commit that returned, or at the commit in progress
/// when it had not returned yet, with exactly the model's contents for every retained commit. Every eighth
/// power loss is also reopened for writing and committed to.
/// </summary>
/// <remarks>Each run prints its seed; <c>COW_REPLAY=seed</c> replays it (the failure message names the seed and the crash point).</remarks>
public class SegmentPowerLossTests(ITestOutputHelper output)
{
    private const string Path = "/sim/power.seg";

    [Fact]
    public void Ten_thousand_random_power_losses_over_commits_compactions_and_reopens_reopen_at_the_last_durable_commit()
    {
        int seed = Environment.GetEnvironmentVariable("COW_REPLAY") is { Length: > 0 } replay && !replay.Contains(',', StringComparison.Ordinal)
            ? int.Parse(replay, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        output.WriteLine($"power-loss sweep seed: COW_REPLAY={seed}");
        long crashPoints = 0;
        int workloads = 0;
        while (crashPoints < 10_000)
        {
            crashPoints += new Workload(seed + workloads).Run();
            workloads++;
        }

        output.WriteLine($"{crashPoints} power losses over {workloads} workloads");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(20261202)]
    public void Power_losses_in_a_fixed_workload_reopen_at_the_last_durable_commit(int seed) =>
        Assert.True(new Workload(seed).Run() > 100);

    /// <summary>The contents of one commit: the list root and the dictionary root (null = not in that commit).</summary>
    private sealed record State(int[]? List, Dictionary<string, string>? Dictionary);

    private sealed class Workload(int seed)
    {
        private readonly Random _random = new(seed);
        private readonly Dictionary<long, State> _model = [];
        private readonly SimulatedDisk _disk = new();
        private long _durable;
        private long _inFlight = -1;
        private long _crashes;

        public long Run()
        {
            var writer = SegmentFile.OpenWrite(Path, new SegmentWriteOptions(), _disk);
            _model[0] = new State(null, null);
            _disk.BeforeChange = PowerLoss;
            var list = PersistentList<int>.Empty;
            var dictionary = PersistentDictionary.Create<string, string>();
            int steps = _random.Next(30, 70);
            try
            {
                for (int step = 0; step < steps; step++)
                {
                    switch (_random.Next(12))
                    {
                        case < 6:
                            (list, dictionary) = Change(list, dictionary);
                            Commit(writer, list, dictionary);
                            break;
                        case 6:
                            Commit(writer, null, dictionary);
                            list = PersistentList<int>.Empty;
                            break;
                        case 7:
                        case 8:
                            Compact(writer);
                            break;
                        case 9:
                            // Reopen the writer and continue from the values read back from the file.
                            writer.Dispose();
                            writer = SegmentFile.OpenWrite(Path, new SegmentWriteOptions(), _disk);
                            var current = writer.Current;
                            list = current.Contains("xs") ? current.GetList<int>("xs") : PersistentList<int>.Empty;
                            dictionary = current.Contains("d") ? current.GetDictionary<string, string>("d") : dictionary.Clear();
                            break;
                        default:
                            using (var reader = SegmentFile.OpenRead(Path, _disk))
                            {
                                Check(reader, $"reader at step {step}");
                                reader.Refresh();
                            }

                            break;
                    }
                }
            }
            finally
            {
                _disk.BeforeChange = null;
                writer.Dispose();
            }

            return _crashes;
        }

        private (PersistentList<int>, PersistentDictionary<string, string>) Change(PersistentList<int> list, PersistentDictionary<string, string> dictionary)
        {
            for (int i = _random.Next(1, 4); i > 0; i--)
            {
                int count = list.Count;
                list = _random.Next(5) switch
                {
                    0 when count > 0 => list.SetItem(_random.Next(count), _random.Next()),
                    1 when count > 0 => list.RemoveAt(_random.Next(count)),
                    2 => list.Insert(_random.Next(count + 1), _random.Next()),
                    3 when count < 4000 => list.AddRange(Enumerable.Range(_random.Next(), _random.Next(1, 700))),
                    _ => list.Add(count),
                };
                string key = "k" + _random.Next(300).ToString(CultureInfo.InvariantCulture);
                dictionary = _random.Next(4) == 0 ? dictionary.Remove(key) : dictionary.SetItem(key, "v" + _random.Next().ToString(CultureInfo.InvariantCulture));
            }

            return (list, dictionary);
        }

        private void Commit(SegmentFile writer, PersistentList<int>? list, PersistentDictionary<string, string> dictionary)
        {
            var builder = writer.BeginCommit().SetDictionary("d", dictionary);
            builder = list is null ? builder.Remove("xs") : builder.SetList("xs", list);
            _inFlight = _durable + 1;
            _model[_inFlight] = new State(list?.ToArray(), dictionary.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal));
            long number = builder.Commit().Number;
            Assert.Equal(_inFlight, number);
            _durable = number;
            _inFlight = -1;
        }

        private void Compact(SegmentFile writer)
        {
            Assert.Equal(_durable, writer.Compact().Number);
        }

        /// <summary>Cuts the power in a copy of the disk as it is now, and checks what reopens.</summary>
        private void PowerLoss()
        {
            long point = _crashes++;
            var random = new Random(HashCode.Combine(seed, point));
            var after = _disk.PowerLoss(random, keepSome: random.Next(2) == 0);
            string where = $"seed {seed}, crash point {point} (durable commit {_durable}, in flight {_inFlight})";
            try
            {
                using (var reader = SegmentFile.OpenRead(Path, after))
                {
                    Check(reader, where);
                }

                if (point % 8 == 0)
                {
                    using (var writer = SegmentFile.OpenWrite(Path, new SegmentWriteOptions(), after))
                    {
                        var head = writer.Current;
                        var builder = writer.BeginCommit().SetList("after", PersistentList.Create(1, 2, 3));
                        if (head.Contains("xs"))
                        {
                            builder.SetList("xs", head.GetList<int>("xs").Add(-1));
                        }

                        builder.Commit();
                        writer.Compact();
                    }

                    using var again = SegmentFile.OpenRead(Path, after);
                    Assert.Equal([1, 2, 3], again.Current.GetList<int>("after").ToArray());
                }
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                throw new InvalidOperationException($"Power loss at {where}: {e.GetType().Name}: {e.Message}", e);
            }
        }

        private void Check(SegmentFile file, string where)
        {
            long head = file.Current.Commit.Number;
            Assert.True(head == _durable || head == _inFlight, $"{where}: reopened at commit {head}");
            foreach (var info in file.GetCommits())
            {
                var snapshot = file.OpenCommit(info.Number);
                var expected = _model[info.Number];
                Assert.Equal(expected.List is not null, snapshot.Contains("xs"));
                if (expected.List is not null)
                {
                    Assert.True(expected.List.AsSpan().SequenceEqual(snapshot.GetList<int>("xs").ToArray()), $"{where}: commit {info.Number} list differs");
                }

                Assert.Equal(expected.Dictionary is not null, snapshot.Contains("d"));
                if (expected.Dictionary is not null)
                {
                    var actual = snapshot.GetDictionary<string, string>("d");
                    Assert.True(expected.Dictionary.Count == actual.Count && expected.Dictionary.All(e => actual.TryGetValue(e.Key, out var v) && v == e.Value), $"{where}: commit {info.Number} dictionary differs");
                }
            }
        }
    }
}
