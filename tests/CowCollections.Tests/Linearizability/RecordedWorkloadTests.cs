using CowCollections.Linearizability;
using Xunit.Abstractions;

namespace CowCollections.Tests.Linearizability;

/// <summary>A deliberately broken structure, driven from four threads through the recorder, is caught and reported.</summary>
public class RecordedWorkloadTests(ITestOutputHelper output)
{
    [Fact]
    public void A_dictionary_whose_reads_come_from_a_stale_per_thread_cache_is_caught_with_its_key_and_seed()
    {
        const int Threads = 4;
        const int PerThread = 400;
        int seed = Random.Shared.Next();
        var dictionary = new StaleReadDictionary(refreshEvery: 4);
        var recorder = new HistoryRecorder<DictionaryOp<string, int>, DictionaryResult<string, int>>(Threads, PerThread);
        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            var me = recorder.ForThread(t);
            var random = new Random(seed + t);
            string key = "k" + t;
            for (int i = 0; i < PerThread / 2; i++)
            {
                // Each thread writes its own key and then reads it back: the read starts after the write
                // returned, so a linearizable dictionary must return the value just written.
                int value = random.Next(1000);
                me.Invoke(DictionaryOps.Set(key, value));
                dictionary.Set(key, value);
                me.Return(DictionaryOps.Done<string, int>());

                me.Invoke(DictionaryOps.TryGet<string, int>(key));
                var result = dictionary.TryGet(key, out int read) ? DictionaryOps.Value<string, int>(read) : DictionaryOps.Found<string, int>(false);
                me.Return(result);
            }
        })).ToArray();
        foreach (var t in threads)
        {
            t.Start();
        }

        foreach (var t in threads)
        {
            t.Join();
        }

        var result = LinearizabilityChecker.Check(new DictionaryModel<string, int>(), recorder.ToHistory(), new CheckOptions { Seed = seed.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        output.WriteLine(result.Report);

        Assert.Equal(CheckOutcome.Illegal, result.Outcome);
        Assert.Equal(Threads, result.Partitions);
        string failingKey = result.FailingPartition!.Operations[0].Input.Key;
        Assert.All(result.FailingPartition.Operations, o => Assert.Equal(failingKey, o.Input.Key));
        Assert.Contains($"seed: {seed}", result.Report, StringComparison.Ordinal);
        Assert.True(result.MinimalHistory!.Count <= 3, $"Shrunk to {result.MinimalHistory.Count} operations.");
    }

    /// <summary>Writes go to a locked dictionary; each thread reads a private copy refreshed only every few reads.</summary>
    private sealed class StaleReadDictionary(int refreshEvery)
    {
        private readonly Lock _lock = new();
        private readonly Dictionary<string, int> _entries = [];
        private readonly ThreadLocal<(Dictionary<string, int> Copy, int Reads)> _cache = new(() => ([], 0));

        public void Set(string key, int value)
        {
            lock (_lock)
            {
                _entries[key] = value;
            }
        }

        public bool TryGet(string key, out int value)
        {
            var (copy, reads) = _cache.Value;
            if (reads % refreshEvery == 0)
            {
                lock (_lock)
                {
                    copy = new Dictionary<string, int>(_entries);
                }
            }

            _cache.Value = (copy, reads + 1);
            return copy.TryGetValue(key, out value);
        }
    }
}
