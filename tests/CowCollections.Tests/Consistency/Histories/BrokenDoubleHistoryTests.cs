using System.Collections;
using System.Collections.Immutable;
using System.Diagnostics;
using CowCollections.Coyote;
using Xunit.Abstractions;

namespace CowCollections.Tests.Consistency.Histories;

/// <summary>
/// The history checks catch real bugs: each deliberately broken double (the Coyote tests' publishers, and a copy
/// that reads <c>Count</c> and <c>CopyTo</c> from different snapshots) run through the workload its bug belongs to
/// is reported as a violation within a bounded time, while the real containers pass the same workloads
/// (<see cref="ContainerHistoryTests"/>, <see cref="ObservationHistoryTests"/>).
/// </summary>
public sealed class BrokenDoubleHistoryTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(30);

    [Fact]
    public void ReadThenWritePublisher_LosesUpdates_AndTheListHistoryIsNotLinearizable()
    {
        var model = new CallModel<ReadThenWritePublisher<PersistentList<int>>, ImmutableArray<int>>([], States.List, s => Answer.Of(s));
        var next = Workload.Weighted<Call<ReadThenWritePublisher<PersistentList<int>>, ImmutableArray<int>>>(
            (3, r =>
            {
                int v = r.Next(1000);
                return new($"Add({v})", p => { p.Update(l => l.Add(v)); return Answer.Ok; }, s => (s.Add(v), Answer.Ok));
            }),
            (1, _ => new("Value", p => Answer.Of(p.Value), s => (s, Answer.Of(s)))));
        var result = Until(seconds => Workload.Run("ReadThenWritePublisher", () => new ReadThenWritePublisher<PersistentList<int>>(PersistentList<int>.Empty), model, next, threads: 4, callsPerThread: 200, seconds, Workload.Seed()), r => r.Failure is not null);
        output.WriteLine(result.ToString());
        Assert.NotNull(result.Failure);
    }

    [Fact]
    public void UnorderedNotifyingPublisher_DeliversOutOfOrder_AndTheNotificationCheckSaysSo()
    {
        var clock = Stopwatch.StartNew();
        List<string> violations;
        int rounds = 0;
        do
        {
            violations = NotificationWorkload.Round(new UnorderedTarget(), writesPerWriter: 200, Workload.Seed());
            rounds++;
        }
        while (violations.Count == 0 && clock.Elapsed < Budget);

        output.WriteLine($"{rounds} round(s): " + string.Join("\n", violations));
        Assert.NotEmpty(violations);
    }

    [Fact]
    public void ACopyThatReadsCountAndCopyToFromDifferentSnapshots_IsNotLinearizable()
    {
        var result = Until(seconds => Workload.Run("CopyOnWriteList<int> through a torn view", () => new CopyOnWriteList<int>(), ListWorkload.Model, ListWorkload.Calls(c => new TornCopyView(c)), threads: 4, callsPerThread: 150, seconds, Workload.Seed()), r => r.Failure is not null);
        output.WriteLine(result.ToString());
        Assert.NotNull(result.Failure);
        output.WriteLine(result.Failure);
    }

    /// <summary>Runs <paramref name="run"/> for a second at a time until <paramref name="found"/> or the budget is spent.</summary>
    private static WorkloadResult Until(Func<double, WorkloadResult> run, Func<WorkloadResult, bool> found)
    {
        var clock = Stopwatch.StartNew();
        WorkloadResult result;
        do
        {
            result = run(1);
        }
        while (!found(result) && clock.Elapsed < Budget);

        return result;
    }

    /// <summary>The unordered publisher behind the notification workload's target interface.</summary>
    private sealed class UnorderedTarget : NotificationWorkload.ITarget<PersistentList<int>>
    {
        private readonly UnorderedNotifyingPublisher<PersistentList<int>> _publisher = new(PersistentList<int>.Empty);
        private PersistentList<int> _last = PersistentList<int>.Empty;
        private long _version;

        public UnorderedTarget() => _publisher.Subscribe(c =>
        {
            Volatile.Write(ref _last, c.NewSnapshot);
            Interlocked.Exchange(ref _version, c.Version);
        });

        public PersistentList<int> Snapshot => Volatile.Read(ref _last);

        public long Version => Interlocked.Read(ref _version);

        public void Write(int value) => _publisher.Update(l => l.Add(value));

        public ImmutableArray<int> Contents(PersistentList<int> snapshot) => [.. snapshot];

        public ImmutableArray<int> Added(SnapshotChange<PersistentList<int>> change) =>
            change.NewSnapshot.Count == change.OldSnapshot.Count + 1 ? [change.NewSnapshot[^1]] : [];

        public IDisposable Subscribe(Action<SnapshotChange<PersistentList<int>>> onChange)
        {
            _publisher.Subscribe(onChange);
            return new Unsubscribed();
        }

        public IDisposable Subscribe(Action<SnapshotChange<PersistentList<int>>> onChange, Action<Exception> onError) => Subscribe(c =>
        {
            try
            {
                onChange(c);
            }
            catch (InvalidOperationException e)
            {
                onError(e);
            }
        });

        private sealed class Unsubscribed : IDisposable
        {
            public void Dispose()
            {
            }
        }
    }

    /// <summary>A copy source broken the way the containers once were: <c>Count</c> reads one snapshot and <c>CopyTo</c> another.</summary>
    private sealed class TornCopyView(CopyOnWriteList<int> list) : ICollection<int>
    {
        public int Count => list.Count;

        public bool IsReadOnly => true;

        public void CopyTo(int[] array, int arrayIndex) => ((ICollection<int>)list.Snapshot).CopyTo(array, arrayIndex);

        public IEnumerator<int> GetEnumerator() => ((IEnumerable<int>)list.Snapshot).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public void Add(int item) => throw new NotSupportedException();

        public void Clear() => throw new NotSupportedException();

        public bool Contains(int item) => list.Contains(item);

        public bool Remove(int item) => throw new NotSupportedException();
    }
}
