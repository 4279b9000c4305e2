namespace CowCollections.Tests.Dictionary;

public sealed class CopyOnWriteDictionaryConcurrencyTests
{
    private const int Threads = 4;

    [Fact]
    public async Task Concurrent_AddOrUpdate_counters_and_TryAdd_keys_count_exactly_the_successful_calls()
    {
        var d = new CopyOnWriteDictionary<string, int>();
        const int IncrementsPerThread = 2_000;
        const int CandidateKeys = 1_500;
        int successfulTryAdds = 0;
        using var start = new Barrier(Threads);
        var tasks = Enumerable.Range(0, Threads).Select(t => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait(); // all threads start together
            for (int i = 0; i < IncrementsPerThread; i++)
            {
                d.AddOrUpdate("counter-" + (i % 3), 1, static (_, v) => v + 1);
                // Every thread races for the same candidate keys: each key is added exactly once.
                if (d.TryAdd("key-" + ((i * 7 + t) % CandidateKeys), t))
                {
                    Interlocked.Increment(ref successfulTryAdds);
                }
            }
        }, TaskCreationOptions.LongRunning)).ToArray();
        await Task.WhenAll(tasks);

        var snapshot = d.Snapshot;
        int counterTotal = snapshot["counter-0"] + snapshot["counter-1"] + snapshot["counter-2"];
        Assert.Equal(Threads * IncrementsPerThread, counterTotal);
        int keys = snapshot.Keys.Count(k => k.StartsWith("key-", StringComparison.Ordinal));
        Assert.Equal(successfulTryAdds, keys);
        Assert.Equal(3 + keys, snapshot.Count);
        // Every AddOrUpdate and every successful TryAdd published exactly one version.
        Assert.Equal((Threads * IncrementsPerThread) + successfulTryAdds, d.Version);
        Champ.Check(snapshot);
    }

    [Fact]
    public async Task Readers_never_see_a_half_applied_SetItems_batch()
    {
        const int BatchKeys = 64;
        var d = new CopyOnWriteDictionary<int, int>(Enumerable.Range(0, BatchKeys).Select(k => new KeyValuePair<int, int>(k, 0)));
        using var stop = new CancellationTokenSource();
        int torn = 0;
        long reads = 0;
        var readers = Enumerable.Range(0, Threads - 1).Select(_ => Task.Factory.StartNew(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var s = d.Snapshot;
                int first = s[0];
                foreach (var kv in s)
                {
                    if (kv.Value != first)
                    {
                        Interlocked.Increment(ref torn);
                    }
                }

                // The container's own lookups (no snapshot) must also see whole batches over time.
                if (d[BatchKeys - 1] < first)
                {
                    Interlocked.Increment(ref torn);
                }

                Interlocked.Increment(ref reads);
            }
        }, TaskCreationOptions.LongRunning)).ToArray();

        for (int round = 1; round <= 1_000; round++)
        {
            int r = round;
            d.SetItems(Enumerable.Range(0, BatchKeys).Select(k => new KeyValuePair<int, int>(k, r)));
        }

        stop.Cancel();
        await Task.WhenAll(readers);
        Assert.Equal(0, torn);
        Assert.True(reads > 0, "the readers never ran");
        Assert.All(d.Snapshot, kv => Assert.Equal(1_000, kv.Value));
        Assert.Equal(1_000, d.Version);
    }

    [Fact]
    public async Task Update_functions_may_run_more_than_once_but_publish_once()
    {
        var d = new CopyOnWriteDictionary<int, int>();
        int calls = 0;
        using var start = new Barrier(Threads);
        var tasks = Enumerable.Range(0, Threads).Select(t => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait(); // all threads start together
            for (int i = 0; i < 500; i++)
            {
                d.Update(x =>
                {
                    Interlocked.Increment(ref calls);
                    return x.SetItem(t, x.GetValueOrDefault(t) + 1);
                });
            }
        }, TaskCreationOptions.LongRunning)).ToArray();
        await Task.WhenAll(tasks);
        Assert.Equal(Threads * 500, d.Version);
        Assert.All(Enumerable.Range(0, Threads), t => Assert.Equal(500, d[t]));
        Assert.True(calls >= Threads * 500);
    }
}
