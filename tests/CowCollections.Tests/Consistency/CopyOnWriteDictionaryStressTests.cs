using System.Collections.Concurrent;

namespace CowCollections.Tests.Consistency;

/// <summary>Several writers and readers on one <see cref="CopyOnWriteDictionary{TKey, TValue}"/>; each test proves a row of docs/consistency.md.</summary>
public class CopyOnWriteDictionaryStressTests
{
    private const int Writers = 3;
    private const int PerWriter = 2000;

    [Fact]
    public void Update_and_SetItems_batches_are_never_torn_in_any_snapshot()
    {
        // "m*" keys: amounts moved between two keys by one Update (read-modify-write).
        // "p*" keys: fixed pairs (p{2k}, p{2k+1}) always written together as (v, -v) by one SetItems of several pairs.
        const int MoveKeys = 32;
        const int Pairs = 16;
        var initial = new Dictionary<string, long>();
        for (int i = 0; i < MoveKeys; i++)
        {
            initial[$"m{i}"] = 0;
        }

        for (int i = 0; i < 2 * Pairs; i++)
        {
            initial[$"p{i}"] = 0;
        }

        var dictionary = new CopyOnWriteDictionary<string, long>(initial);
        ConcurrencyHarness.SumToZero(
            () => dictionary.Snapshot,
            s =>
            {
                Assert.Equal(MoveKeys + (2 * Pairs), s.Count);
                long total = 0;
                foreach (var entry in s)
                {
                    total += entry.Value;
                }

                return total;
            },
            (random, i) =>
            {
                if (i % 2 == 0)
                {
                    int fromIndex = random.Next(MoveKeys);
                    string from = $"m{fromIndex}";
                    string to = $"m{(fromIndex + 1 + random.Next(MoveKeys - 1)) % MoveKeys}";
                    long amount = random.Next(1, 1000);
                    dictionary.Update((from, to, amount), static (d, m) => d.SetItem(m.from, d[m.from] - m.amount).SetItem(m.to, d[m.to] + m.amount));
                }
                else
                {
                    var batch = new List<KeyValuePair<string, long>>();
                    foreach (int pair in Enumerable.Range(0, Pairs).OrderBy(_ => random.Next()).Take(4))
                    {
                        long v = random.Next(1, 1000);
                        batch.Add(new($"p{2 * pair}", v));
                        batch.Add(new($"p{(2 * pair) + 1}", -v));
                    }

                    dictionary.SetItems(batch);
                }
            },
            writers: Writers,
            iterations: PerWriter);

        Assert.Equal(0, dictionary.Snapshot.Values.Sum());
        Assert.Equal(Writers * PerWriter, dictionary.Version);
    }

    [Fact]
    public void GetOrAdd_AddOrUpdate_and_TryUpdate_under_contention_lose_no_update()
    {
        const int SharedKeys = 50;
        var dictionary = new CopyOnWriteDictionary<string, long>(new KeyValuePair<string, long>[] { new("cas", 0L) });
        var winners = new ConcurrentDictionary<string, ConcurrentBag<long>>();
        int factoryRuns = 0;
        ConcurrencyHarness.Run(Writers, PerWriter, (w, i) =>
        {
            dictionary.AddOrUpdate("counter", 1, static (_, v) => v + 1);

            long current;
            do
            {
                current = dictionary["cas"];
            }
            while (!dictionary.TryUpdate("cas", current + 1, current));

            string key = $"g{i % SharedKeys}";
            long got = dictionary.GetOrAdd(key, (k, writer) =>
            {
                Interlocked.Increment(ref factoryRuns);
                return (writer * 1_000_000L) + k.Length;
            }, w);
            winners.GetOrAdd(key, _ => []).Add(got);
        }, readers: 1, _ =>
        {
            var s = dictionary.Snapshot;
            if (s.TryGetValue("counter", out long counter) && counter > Writers * PerWriter)
            {
                throw new Xunit.Sdk.XunitException($"counter {counter} overshoots");
            }
        });

        Assert.Equal(Writers * PerWriter, dictionary["counter"]);
        Assert.Equal(Writers * PerWriter, dictionary["cas"]);
        foreach (var (key, seen) in winners)
        {
            long final = dictionary[key];
            Assert.All(seen, v => Assert.Equal(final, v));
        }

        Assert.Equal(SharedKeys, winners.Count);
        Assert.True(factoryRuns >= SharedKeys);

        // Every AddOrUpdate and every successful TryUpdate published once; each GetOrAdd key was added once.
        Assert.Equal((2L * Writers * PerWriter) + SharedKeys, dictionary.Version);
    }

    [Fact]
    public void Notification_versions_are_gap_free_and_each_Diff_turns_the_old_snapshot_into_the_new_one()
    {
        var dictionary = new CopyOnWriteDictionary<int, int>();
        using var recorder = ConcurrencyHarness.Record(dictionary);
        string? diffViolation = null;
        int diffs = 0;
        using var differ = dictionary.Subscribe(change =>
        {
            var changes = change.Diff();
            var rebuilt = change.OldSnapshot
                .SetItems(changes.Where(c => c.Kind != DictionaryChangeKind.Removed).Select(c => new KeyValuePair<int, int>(c.Key, c.NewValue)))
                .RemoveRange(changes.Where(c => c.Kind == DictionaryChangeKind.Removed).Select(c => c.Key));
            if (!rebuilt.DictionaryEquals(change.NewSnapshot))
            {
                diffViolation ??= $"version {change.Version}: {changes.Count} changes do not turn the old snapshot into the new one";
            }

            diffs++;
        });

        ConcurrencyHarness.Run(Writers, PerWriter, (w, i) =>
        {
            int key = (w * 100) + (i % 40);
            switch (i % 4)
            {
                case 0: dictionary[key] = i; break;
                case 1: dictionary.AddOrUpdate(key, 1, static (_, v) => v + 1); break;
                case 2: dictionary.SetItems([new(key, -i), new(key + 1, i)]); break;
                default: dictionary.TryRemove(key + 1, out _); break;
            }
        }, readers: 1, _ => _ = dictionary.Count);

        recorder.AssertGapFreeUpTo(dictionary.Version);
        Assert.Equal(dictionary.Version, recorder.Versions.Count);
        Assert.Null(diffViolation);
        Assert.Equal(dictionary.Version, diffs);
    }
}
