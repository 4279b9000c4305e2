using System.Diagnostics;
using CowCollections.Linearizability;
using Xunit.Abstractions;

namespace CowCollections.Tests.Consistency.Histories;

/// <summary>
/// The listener registry, notifications and change tokens judged by recorded histories (see each workload for
/// its model). <c>COW_LINCHECK_SECONDS</c> sets how long each runs; <c>COW_LINCHECK_SEED</c> replays a run.
/// </summary>
public sealed class ObservationHistoryTests(ITestOutputHelper output)
{
    [Fact]
    public void ListenerRegistry_DispatchesCallExactlyTheListenersRegisteredDuringThem_AndCountIsLinearizable()
    {
        int seed = Workload.Seed();
        var clock = Stopwatch.StartNew();
        long checkedOps = 0;
        int rounds = 0;
        do
        {
            var registry = new ListenerRegistry<ListenerRegistryWorkload.Listener>();
            var history = ListenerRegistryWorkload.Record(registry, threads: 4, callsPerThread: 300, unchecked(seed + rounds));
            var perListener = LinearizabilityChecker.Check(ListenerRegistryWorkload.PerListenerModel, ListenerRegistryWorkload.PerListener(history), new CheckOptions { Seed = $"{seed} (round {rounds})" });
            Assert.True(perListener.IsOk, "dispatch: " + perListener.Report);
            var counting = LinearizabilityChecker.Check(ListenerRegistryWorkload.CountingModel, ListenerRegistryWorkload.Counting(history), new CheckOptions { Seed = $"{seed} (round {rounds})" });
            Assert.True(counting.IsOk, "Count: " + counting.Report);
            checkedOps += history.Count;
            rounds++;
        }
        while (clock.Elapsed.TotalSeconds < Workload.Seconds);

        output.WriteLine($"ListenerRegistry: {checkedOps:N0} calls in {rounds:N0} rounds checked in {clock.Elapsed.TotalSeconds:0.0} s, seed {seed}");
    }

    [Fact]
    public void CopyOnWriteList_EverySubscriberSeesTheVersionsAfterItSubscribed_InALinearizableOrder() =>
        Notifications(() => new NotificationWorkload.ListTarget(), "CopyOnWriteList<int> notifications");

    [Fact]
    public void CopyOnWriteDictionary_EverySubscriberSeesTheVersionsAfterItSubscribed_InALinearizableOrder() =>
        Notifications(() => new NotificationWorkload.DictionaryTarget(), "CopyOnWriteDictionary<int, int> notifications");

    [Fact]
    public void CopyOnWriteSet_EverySubscriberSeesTheVersionsAfterItSubscribed_InALinearizableOrder() =>
        Notifications(() => new NotificationWorkload.SetTarget(), "CopyOnWriteSet<int> notifications");

    [Fact]
    public void ChangeTokens_EveryChangeIsFollowedByACallbackThatSawIt_EvenWhenTheCallbackWrites()
    {
        var clock = Stopwatch.StartNew();
        int rounds = 0;
        do
        {
            var violations = ChangeTokenWorkload.Round(l => l.GetChangeToken(), writesPerWriter: 300, reentrant: rounds % 2 == 1);
            Assert.True(violations.Count == 0, $"round {rounds}: " + string.Join("\n", violations));
            rounds++;
        }
        while (clock.Elapsed.TotalSeconds < Workload.Seconds);

        output.WriteLine($"change tokens: {rounds:N0} rounds of 900 writes in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private void Notifications<TSnapshot>(Func<NotificationWorkload.ITarget<TSnapshot>> create, string name)
        where TSnapshot : class
    {
        int seed = Workload.Seed();
        var clock = Stopwatch.StartNew();
        int rounds = 0;
        do
        {
            var violations = NotificationWorkload.Round(create(), writesPerWriter: 200, unchecked(seed + rounds));
            Assert.True(violations.Count == 0, $"{name}, round {rounds}, COW_LINCHECK_SEED={seed}:\n" + string.Join("\n", violations));
            rounds++;
        }
        while (clock.Elapsed.TotalSeconds < Workload.Seconds);

        output.WriteLine($"{name}: {rounds:N0} rounds of 600 writes and 200 reads in {clock.Elapsed.TotalSeconds:0.0} s, seed {seed}");
    }
}
