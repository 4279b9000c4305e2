using System.Globalization;
using CowCollections.Coyote;
using CowCollections.Linearizability;
using Xunit.Abstractions;

namespace CowCollections.Tests.Consistency.Histories;

/// <summary>
/// <see cref="CopyOnWriteSet{T}"/> judged by recorded histories: four threads call its members at random, every
/// call is recorded with its invocation and response time, and the checker proves each round linearizable,
/// against <see cref="HashSet{T}"/> (every member, through the workload runner) and against the checker's own
/// <see cref="SetModel{T}"/> (Add, Remove, Contains, Count, Snapshot). <c>COW_LINCHECK_SECONDS</c> sets how long
/// the workloads run; <c>COW_LINCHECK_SEED</c> replays one.
/// </summary>
public sealed class CopyOnWriteSetHistoryTests(ITestOutputHelper output)
{
    private const int Threads = 4;

    [Fact]
    public void CopyOnWriteSet_OneElementCalls_AreLinearizable_PerElement() =>
        Workload.Check(output, "CopyOnWriteSet<int> (per element)", () => new CopyOnWriteSet<int>(), SetWorkload.Model, SetWorkload.Calls(wholeReads: false), callsPerThread: 400);

    [Fact]
    public void CopyOnWriteSet_EveryCallIsLinearizable_AgainstHashSet() =>
        Workload.Check(output, "CopyOnWriteSet<int>", () => new CopyOnWriteSet<int>(), SetWorkload.Model, SetWorkload.Calls(wholeReads: true));

    [Fact]
    public void CopyOnWriteSet_RecordedHistories_AreLinearizable_AgainstTheSetModel()
    {
        int seed = Workload.Seed();
        output.WriteLine($"replay: COW_LINCHECK_SEED={seed}");
        for (int round = 0; round < 10; round++)
        {
            // Single-element operations: the model checks each element's sub-history alone.
            var perElement = Record(new CopyOnWriteSetTarget(new CopyOnWriteSet<int>()), seed + (2 * round), perThread: 400, wholeReads: false);
            var keyed = LinearizabilityChecker.Check(new SetModel<int>(), perElement, Options(seed, round));
            Assert.True(keyed.IsOk, keyed.Report);
            Assert.Equal(8, keyed.Partitions);

            // With Count and Snapshot mixed in, the whole history is one partition.
            var whole = Record(new CopyOnWriteSetTarget(new CopyOnWriteSet<int>()), seed + (2 * round) + 1, perThread: 120, wholeReads: true);
            var single = LinearizabilityChecker.Check(new SetModel<int>(), whole, Options(seed, round));
            Assert.True(single.IsOk, single.Report);
            Assert.Equal(1, single.Partitions);
            if (round == 0)
            {
                output.WriteLine(keyed.Report);
                output.WriteLine(single.Report);
            }
        }
    }

    [Fact]
    public void CopyOnWriteSet_SetModelCheck_CatchesASetThatPublishesByReadThenWrite()
    {
        // The same recording and model, run on a set whose Add and Remove read, compute and write without a
        // compare-and-swap: two overlapping Adds of one element both answer true (or an Add is lost).
        var clock = System.Diagnostics.Stopwatch.StartNew();
        CheckResult<SetOp<int>, SetResult<int>> result;
        int seed = Workload.Seed();
        int rounds = 0;
        do
        {
            var history = Record(new ReadThenWriteTarget(), seed + rounds, perThread: 400, wholeReads: false);
            result = LinearizabilityChecker.Check(new SetModel<int>(), history, Options(seed, rounds));
            rounds++;
        }
        while (result.IsOk && clock.Elapsed < TimeSpan.FromSeconds(20));

        output.WriteLine($"{rounds} rounds");
        output.WriteLine(result.Report);
        Assert.Equal(CheckOutcome.Illegal, result.Outcome);
    }

    private static CheckOptions Options(int seed, int round) =>
        new() { Seed = $"{seed.ToString(CultureInfo.InvariantCulture)} (round {round}, COW_LINCHECK_SEED={seed.ToString(CultureInfo.InvariantCulture)})", Timeout = TimeSpan.FromSeconds(30) };

    private static History<SetOp<int>, SetResult<int>> Record(ITarget target, int seed, int perThread, bool wholeReads)
    {
        var recorder = new HistoryRecorder<SetOp<int>, SetResult<int>>(Threads, perThread);
        Workload.Together(Threads, t =>
        {
            var me = recorder.ForThread(t);
            var random = new Random(seed + t);
            var ops = new SetOp<int>[perThread];
            for (int i = 0; i < ops.Length; i++)
            {
                int x = random.Next(8);
                int pick = random.Next(wholeReads ? 10 : 8);
                ops[i] = pick switch
                {
                    < 3 => SetOps.Add(x),
                    < 6 => SetOps.Remove(x),
                    < 8 => SetOps.Contains(x),
                    8 => SetOps.Count<int>(),
                    _ => SetOps.Snapshot<int>(),
                };
            }

            return () =>
            {
                foreach (var op in ops)
                {
                    me.Invoke(op);
                    var answer = op.Kind switch
                    {
                        SetOpKind.Add => SetOps.Bool<int>(target.Add(op.Value)),
                        SetOpKind.Remove => SetOps.Bool<int>(target.Remove(op.Value)),
                        SetOpKind.Contains => SetOps.Bool<int>(target.Contains(op.Value)),
                        SetOpKind.Count => SetOps.OfCount<int>(target.Count),
                        _ => SetOps.Items(target.Items()),
                    };
                    me.Return(answer);
                }
            };
        });
        return recorder.ToHistory();
    }

    private interface ITarget
    {
        int Count { get; }

        bool Add(int x);

        bool Remove(int x);

        bool Contains(int x);

        IEnumerable<int> Items();
    }

    private sealed class CopyOnWriteSetTarget(CopyOnWriteSet<int> set) : ITarget
    {
        public int Count => set.Count;

        public bool Add(int x) => set.Add(x);

        public bool Remove(int x) => set.Remove(x);

        public bool Contains(int x) => set.Contains(x);

        public IEnumerable<int> Items() => [.. set];
    }

    /// <summary>A set on the Coyote tests' broken read-then-write publisher.</summary>
    private sealed class ReadThenWriteTarget : ITarget
    {
        private readonly ReadThenWritePublisher<PersistentHashSet<int>> _publisher = new(PersistentHashSet<int>.Empty);

        public int Count => _publisher.Value.Count;

        public bool Add(int x)
        {
            bool added = false;
            _publisher.Update(s =>
            {
                added = !s.Contains(x);
                Thread.SpinWait(20);
                return s.Add(x);
            });
            return added;
        }

        public bool Remove(int x)
        {
            bool removed = false;
            _publisher.Update(s =>
            {
                removed = s.Contains(x);
                Thread.SpinWait(20);
                return s.Remove(x);
            });
            return removed;
        }

        public bool Contains(int x) => _publisher.Value.Contains(x);

        public IEnumerable<int> Items() => [.. _publisher.Value];
    }
}
