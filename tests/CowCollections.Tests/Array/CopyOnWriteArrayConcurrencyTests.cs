namespace CowCollections.Tests.Arrays;

public class CopyOnWriteArrayConcurrencyTests
{
    [Fact]
    public void Threads_counting_with_CompareExchange_lose_no_increment()
    {
        const int slots = 600;          // three chunks of ints: slots share chunks and cross them
        const int threads = 4;
        const int perThread = 5_000;
        var counters = new CopyOnWriteArray<int>(slots);
        var expected = new int[threads][];
        int successes = 0;
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            var rng = new Random(t * 7919);
            var mine = new int[slots];
            for (int k = 0; k < perThread; k++)
            {
                int slot = rng.Next(4) == 0 ? 0 : rng.Next(slots);
                while (true)
                {
                    int seen = counters[slot];
                    if (counters.CompareExchange(slot, seen + 1, seen) == seen)
                    {
                        break;
                    }
                }

                mine[slot]++;
                Interlocked.Increment(ref successes);
            }

            expected[t] = mine;
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());

        var final = counters.Snapshot;
        Assert.Equal(threads * perThread, final.Sum());
        for (int s = 0; s < slots; s++)
        {
            Assert.Equal(expected.Sum(e => e[s]), final[s]);
        }

        Assert.Equal(threads * perThread, counters.Version);
    }

    [Fact]
    public void Exchange_hands_every_token_to_exactly_one_thread()
    {
        const int threads = 4;
        const int perThread = 3_000;
        var cells = new CopyOnWriteArray<long>(300);
        var taken = new long[threads];
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            var rng = new Random(t);
            long sum = 0;
            for (int k = 1; k <= perThread; k++)
            {
                long token = ((long)t * perThread) + k;
                sum += cells.Exchange(rng.Next(300), token);
            }

            taken[t] = sum;
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());

        long put = Enumerable.Range(1, threads * perThread).Sum(x => (long)x);
        Assert.Equal(put, taken.Sum() + cells.Snapshot.Sum());
    }

    [Fact]
    public async Task Readers_see_a_batch_whole_or_not_at_all()
    {
        var cells = new CopyOnWriteArray<int>(2_000);
        using var stop = new CancellationTokenSource();
        int torn = 0;
        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var s = cells.Snapshot;
                int first = s[0];
                if (s[1_999] != first || s[1_000] != first)
                {
                    Interlocked.Increment(ref torn);
                }
            }
        });
        for (int round = 1; round <= 500; round++)
        {
            cells.SetItems([new(0, round), new(1_000, round), new(1_999, round)]);
        }

        await stop.CancelAsync();
        await reader;
        Assert.Equal(0, torn);
        Assert.Equal(500, cells[1_999]);
    }
}
