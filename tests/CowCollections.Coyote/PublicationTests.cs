using CowCollections.Internal.Publication;
using Microsoft.Coyote.Specifications;
using Xunit.Abstractions;

namespace CowCollections.Coyote;

/// <summary>
/// Systematic exploration (Coyote) of the publication mechanism on rewritten code: every Volatile and
/// Interlocked access and every lock is a scheduling point, so the explorer tries the interleavings of
/// the compare-and-swap loop, GetOrAdd-style updates, AddIfAbsent and notification delivery.
/// </summary>
public class PublicationTests(ITestOutputHelper output)
{
    [Fact]
    public void CAS_loop_loses_no_update_in_any_explored_schedule()
    {
        Explorer.AssertNoBug(output, async () =>
        {
            var list = new CopyOnWriteList<int>();
            await Task.WhenAll(
                Task.Run(() => { list.Add(1); list.Add(2); }),
                Task.Run(() => list.Update(l => l.Add(3).Add(4))),
                Task.Run(() => list.Add(5)));
            Specification.Assert(list.Count == 5, $"lost update: {list.Count} elements");
            Specification.Assert(list.Version == 4, $"version {list.Version} after 4 published changes");
        });
    }

    [Fact]
    public void The_explorer_reaches_a_compare_and_swap_conflict_and_its_retry()
    {
        // Proves the exploration is not vacuous: some schedule interleaves two writers inside the CAS loop,
        // so a transform runs more often than changes are published (the retry path).
        Explorer.AssertFindsBug(output, async () =>
        {
            var list = new CopyOnWriteList<int>();
            int runs = 0;
            await Task.WhenAll(
                Task.Run(() => list.Update(l => { Interlocked.Increment(ref runs); return l.Add(1); })),
                Task.Run(() => list.Update(l => { Interlocked.Increment(ref runs); return l.Add(2); })));
            Specification.Assert(runs == 2, $"conflict: {runs} transform runs for 2 publications");
            Specification.Assert(list.Count == 2, "lost update");
        }, "conflict: 3 transform runs");
    }

    [Fact]
    public void The_broken_read_then_write_publisher_is_caught_losing_an_update()
    {
        Explorer.AssertFindsBug(output, async () =>
        {
            var publisher = new ReadThenWritePublisher<PersistentList<int>>(PersistentList<int>.Empty);
            await Task.WhenAll(
                Task.Run(() => publisher.Update(l => l.Add(1))),
                Task.Run(() => publisher.Update(l => l.Add(2))));
            Specification.Assert(publisher.Value.Count == 2, $"lost update: {publisher.Value.Count} elements");
        }, "lost update");
    }

    [Fact]
    public void AddIfAbsent_adds_once_in_any_explored_schedule()
    {
        Explorer.AssertNoBug(output, async () =>
        {
            var list = new CopyOnWriteList<string>();
            var results = await Task.WhenAll(
                Task.Run(() => list.AddIfAbsent("x")),
                Task.Run(() => list.AddIfAbsent("x")),
                Task.Run(() => list.AddIfAbsent("y")));
            Specification.Assert(list.Count == 2, $"{list.Count} elements");
            Specification.Assert(results.Count(r => r) == 2, "AddIfAbsent reported a wrong number of additions");
        });
    }

    private sealed class Holder
    {
        public AtomicRoot<PersistentList<(int Key, string Value)>> Root = new(PersistentList<(int, string)>.Empty);

        /// <summary>The GetOrAdd shape every container uses: one Update whose out result is the winner.</summary>
        public string GetOrAdd(int key, string candidate)
        {
            Root.Update((key, candidate), static (PersistentList<(int Key, string Value)> map, (int key, string candidate) arg, out string value) =>
            {
                foreach (var entry in map)
                {
                    if (entry.Key == arg.key)
                    {
                        value = entry.Value;
                        return map;
                    }
                }

                value = arg.candidate;
                return map.Add((arg.key, arg.candidate));
            }, out string result);
            return result;
        }
    }

    [Fact]
    public void GetOrAdd_through_AtomicRoot_returns_one_winner_to_every_caller()
    {
        Explorer.AssertNoBug(output, async () =>
        {
            var holder = new Holder();
            var values = await Task.WhenAll(
                Task.Run(() => holder.GetOrAdd(1, "a")),
                Task.Run(() => holder.GetOrAdd(1, "b")),
                Task.Run(() => holder.GetOrAdd(1, "c")));
            Specification.Assert(values.Distinct().Count() == 1, $"callers saw different values: {string.Join(",", values)}");
            Specification.Assert(holder.Root.Value.Count == 1, "the key was added twice");
            Specification.Assert(holder.Root.Current.Version == 1, "more than one change published");
        });
    }

    [Fact]
    public void Notifications_arrive_in_version_order_without_gaps_in_any_explored_schedule()
    {
        Explorer.AssertNoBug(output, async () =>
        {
            var list = new CopyOnWriteList<int>();
            var seen = new List<long>();
            int inside = 0;
            using var subscription = list.Subscribe(c =>
            {
                Specification.Assert(Interlocked.Increment(ref inside) == 1, "deliveries overlapped");
                Specification.Assert(seen.Count == 0 || c.Version == seen[^1] + 1, $"version {c.Version} after {(seen.Count == 0 ? 0 : seen[^1])}");
                seen.Add(c.Version);
                Interlocked.Decrement(ref inside);
            });
            await Task.WhenAll(
                Task.Run(() => { list.Add(1); list.Add(2); }),
                Task.Run(() => list.Add(3)),
                Task.Run(() => list.Update(l => l.Count > 0 ? l.RemoveAt(0) : l.Add(0))));
            Specification.Assert(seen.Count == 4 && seen[^1] == list.Version, $"delivered {seen.Count} of {list.Version} versions");
        });
    }

    [Fact]
    public void A_subscriber_joining_during_writes_sees_exactly_the_later_versions()
    {
        Explorer.AssertNoBug(output, async () =>
        {
            var list = new CopyOnWriteList<int>();
            var seen = new List<long>();
            long before = 0;
            long after = 0;
            var writers = Task.WhenAll(
                Task.Run(() => { list.Add(1); list.Add(2); }),
                Task.Run(() => list.Add(3)));
            var joiner = Task.Run(() =>
            {
                before = list.Version;
                var s = list.Subscribe(c => seen.Add(c.Version));
                after = list.Version;
                return s;
            });
            await writers;
            using var subscription = await joiner;
            if (seen.Count > 0)
            {
                Specification.Assert(seen[0] > before && seen[0] <= after + 1, $"first version {seen[0]} outside ({before}, {after + 1}]");
                Specification.Assert(seen[^1] - seen[0] + 1 == seen.Count, "gap in the delivered versions");
                Specification.Assert(seen[^1] == list.Version, "the last change was not delivered");
            }
            else
            {
                Specification.Assert(after == list.Version, "a change after the subscription was not delivered");
            }
        });
    }

    [Fact]
    public void Subscribers_leaving_and_rejoining_never_see_a_gap_or_a_stale_version()
    {
        Explorer.AssertNoBug(output, async () =>
        {
            var list = new CopyOnWriteList<int>();
            var first = list.Subscribe(_ => { });
            var seen = new List<long>();
            long joinedAt = 0;
            var writers = Task.WhenAll(Task.Run(() => list.Add(1)), Task.Run(() => list.Add(2)));
            var churn = Task.Run(() =>
            {
                first.Dispose();
                var s = list.Subscribe(c => seen.Add(c.Version));
                joinedAt = list.Version;
                return s;
            });
            await writers;
            using var second = await churn;
            list.Add(3);
            Specification.Assert(seen.Count > 0 && seen[^1] == 3, "the change after rejoining was not delivered");
            Specification.Assert(seen[^1] - seen[0] + 1 == seen.Count && seen[0] <= joinedAt + 1, "gap after rejoining: " + string.Join(",", seen));
        });
    }

    [Fact]
    public void The_broken_unordered_notifier_is_caught_delivering_versions_out_of_order()
    {
        Explorer.AssertFindsBug(output, async () =>
        {
            var publisher = new UnorderedNotifyingPublisher<PersistentList<int>>(PersistentList<int>.Empty);
            long last = 0;
            publisher.Subscribe(c =>
            {
                Specification.Assert(c.Version == last + 1, $"out of order: version {c.Version} after {last}");
                last = c.Version;
            });
            await Task.WhenAll(
                Task.Run(() => publisher.Update(l => l.Add(1))),
                Task.Run(() => publisher.Update(l => l.Add(2))));
        }, "out of order");
    }

    [Fact]
    public void A_listener_removed_before_a_dispatch_starts_is_never_called_by_it()
    {
        Explorer.AssertNoBug(output, async () =>
        {
            var registry = new ListenerRegistry<Action>();
            bool removed = false;
            bool calledAfterRemoval = false;
            var registration = registry.Add(() => calledAfterRemoval |= Volatile.Read(ref removed));
            registry.Add(() => { });
            var remover = Task.Run(() =>
            {
                registration.Dispose();
                Volatile.Write(ref removed, true);
            });
            var adder = Task.Run(() => registry.Add(() => { }).Dispose());
            await remover;
            registry.Invoke(static l => l());
            await adder;
            Specification.Assert(!calledAfterRemoval, "a removed listener was called by a later dispatch");
            Specification.Assert(registry.Count == 1, $"count {registry.Count}");
        });
    }
    [Fact]
    public void Dictionary_GetOrAdd_returns_one_winner_to_every_caller_though_the_factory_may_run_more_than_once()
    {
        Explorer.AssertNoBug(output, async () =>
        {
            var dictionary = new CopyOnWriteDictionary<int, string>();
            int factoryRuns = 0;
            var values = await Task.WhenAll(
                Task.Run(() => dictionary.GetOrAdd(1, (_, c) => { Interlocked.Increment(ref factoryRuns); return c; }, "a")),
                Task.Run(() => dictionary.GetOrAdd(1, (_, c) => { Interlocked.Increment(ref factoryRuns); return c; }, "b")),
                Task.Run(() => dictionary.GetOrAdd(1, "c")));
            Specification.Assert(values.Distinct().Count() == 1, $"callers saw different values: {string.Join(",", values)}");
            Specification.Assert(dictionary[1] == values[0], $"callers got {values[0]} but the dictionary holds {dictionary[1]}");
            Specification.Assert(dictionary.Count == 1 && dictionary.Version == 1, $"count {dictionary.Count}, version {dictionary.Version}: more than one change published");
            Specification.Assert(factoryRuns <= 4, $"{factoryRuns} factory runs");
        });
    }

    [Fact]
    public void The_explorer_reaches_a_dictionary_GetOrAdd_whose_factory_runs_again_after_losing()
    {
        // Not vacuous: some schedule runs a factory for a key another caller adds first.
        Explorer.AssertFindsBug(output, async () =>
        {
            var dictionary = new CopyOnWriteDictionary<int, string>();
            int factoryRuns = 0;
            await Task.WhenAll(
                Task.Run(() => dictionary.GetOrAdd(1, _ => { Interlocked.Increment(ref factoryRuns); return "a"; })),
                Task.Run(() => dictionary.GetOrAdd(1, _ => { Interlocked.Increment(ref factoryRuns); return "b"; })));
            Specification.Assert(factoryRuns == 1, $"extra factory runs: {factoryRuns}");
        }, "extra factory runs");
    }

    [Fact]
    public void Dictionary_TryAdd_succeeds_for_exactly_one_racer_and_its_value_wins()
    {
        Explorer.AssertNoBug(output, async () =>
        {
            var dictionary = new CopyOnWriteDictionary<string, int>();
            var results = await Task.WhenAll(
                Task.Run(() => dictionary.TryAdd("k", 1)),
                Task.Run(() => dictionary.TryAdd("k", 2)),
                Task.Run(() => dictionary.TryAdd("other", 3)));
            Specification.Assert(results[0] ^ results[1], $"TryAdd on one key succeeded {(results[0] && results[1] ? "twice" : "never")}");
            Specification.Assert(results[2], "TryAdd of a distinct key failed");
            Specification.Assert(dictionary["k"] == (results[0] ? 1 : 2), $"the value {dictionary["k"]} is not the successful caller's");
            Specification.Assert(dictionary.Count == 2 && dictionary.Version == 2, $"count {dictionary.Count}, version {dictionary.Version}");
        });
    }
}
