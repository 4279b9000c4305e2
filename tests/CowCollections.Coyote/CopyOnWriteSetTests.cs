using Microsoft.Coyote.Specifications;
using Xunit.Abstractions;

namespace CowCollections.Coyote;

/// <summary>
/// Systematic exploration (Coyote) of <see cref="CopyOnWriteSet{T}"/> on rewritten code: concurrent Add, Remove,
/// UnionWith and ExceptWith, each schedule's answers, final set and version checked for a linearization (an order
/// of the calls, keeping each task's program order, that a <see cref="HashSet{T}"/> answers the same way).
/// </summary>
public class CopyOnWriteSetTests(ITestOutputHelper output)
{
    /// <summary>One call: what it does to the container, and what a <see cref="HashSet{T}"/> answers.</summary>
    private sealed record Call(string Name, Func<CopyOnWriteSet<int>, string> Run, Func<HashSet<int>, string> Model);

    private static Call Add(int x) => new($"Add({x})", s => s.Add(x).ToString(), m => m.Add(x).ToString());

    private static Call Remove(int x) => new($"Remove({x})", s => s.Remove(x).ToString(), m => m.Remove(x).ToString());

    private static Call Contains(int x) => new($"Contains({x})", s => s.Contains(x).ToString(), m => m.Contains(x).ToString());

    private static Call Count() => new("Count", s => s.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), m => m.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static Call UnionWith(params int[] xs) => new($"UnionWith([{string.Join(",", xs)}])", s => { s.UnionWith(xs); return "ok"; }, m => { m.UnionWith(xs); return "ok"; });

    private static Call ExceptWith(params int[] xs) => new($"ExceptWith([{string.Join(",", xs)}])", s => { s.ExceptWith(xs); return "ok"; }, m => { m.ExceptWith(xs); return "ok"; });

    /// <summary>Runs each task's calls concurrently on <paramref name="set"/>; returns each task's answers.</summary>
    private static async Task<string[][]> RunTasks(CopyOnWriteSet<int> set, Call[][] tasks)
    {
        var answers = await Task.WhenAll(tasks.Select(calls => Task.Run(() => calls.Select(c => c.Run(set)).ToArray())));
        return answers;
    }

    /// <summary>
    /// Whether some interleaving of the tasks' calls (each task's order kept), applied to a <see cref="HashSet{T}"/>
    /// starting at <paramref name="initial"/>, gives the observed answers, the final elements and the version (one per
    /// call that changed the set). Returns the witness order, or null.
    /// </summary>
    private static string? Linearization(int[] initial, Call[][] tasks, string[][] answers, IReadOnlyCollection<int> final, long version)
    {
        var positions = new int[tasks.Length];
        var order = new List<string>();

        string? Search(HashSet<int> model, long changes)
        {
            bool done = true;
            for (int t = 0; t < tasks.Length; t++)
            {
                if (positions[t] == tasks[t].Length)
                {
                    continue;
                }

                done = false;
                var call = tasks[t][positions[t]];
                var copy = new HashSet<int>(model);
                string answer = call.Model(copy);
                if (answer != answers[t][positions[t]])
                {
                    continue;
                }

                positions[t]++;
                order.Add(call.Name);
                string? found = Search(copy, changes + (copy.SetEquals(model) ? 0 : 1));
                order.RemoveAt(order.Count - 1);
                positions[t]--;
                if (found is not null)
                {
                    return found;
                }
            }

            return done && model.SetEquals(final) && model.Count == final.Count && changes == version ? string.Join(" ; ", order) : null;
        }

        return Search([.. initial], 0);
    }

    /// <remarks>Coyote formats assertion messages with <see cref="string.Format(string, object?[])"/>: no braces in them.</remarks>
    private static async Task AssertLinearizable(int[] initial, Call[][] tasks)
    {
        var set = new CopyOnWriteSet<int>(initial);
        var answers = await RunTasks(set, tasks);
        var final = set.Snapshot.ToArray();
        string? witness = Linearization(initial, tasks, answers, final, set.Version);
        Specification.Assert(
            witness is not null,
            $"not linearizable: answers {string.Join(" | ", answers.Select(a => string.Join(",", a)))}, final [{string.Join(",", final.Order())}], version {set.Version}");
    }

    [Fact]
    public void CopyOnWriteSet_Add_Remove_UnionWith_and_ExceptWith_are_linearizable_in_every_explored_schedule()
    {
        Explorer.AssertNoBug(output, () => AssertLinearizable(
            [2],
            [
                [Add(1), Remove(2), Contains(3)],
                [UnionWith(1, 2, 3), Count()],
                [Add(2), ExceptWith(1, 3), Contains(1)],
            ]));
    }

    [Fact]
    public void CopyOnWriteSet_concurrent_Add_of_one_element_succeeds_for_exactly_one_caller_in_every_explored_schedule()
    {
        Explorer.AssertNoBug(output, async () =>
        {
            var set = new CopyOnWriteSet<string>();
            var results = await Task.WhenAll(
                Task.Run(() => set.Add("x")),
                Task.Run(() => set.Add("x")),
                Task.Run(() => { set.UnionWith(["y", "x"]); return set.Add("y"); }));
            Specification.Assert(results[0] ^ results[1] || (!results[0] && !results[1]), $"Add(x) succeeded {(results[0] && results[1] ? "twice" : "as expected")}");
            Specification.Assert(!results[2], "Add(y) after UnionWith([y, x]) succeeded");
            Specification.Assert(set.Count == 2, $"{set.Count} elements");
            Specification.Assert(set.Version == (results[0] || results[1] ? 2 : 1), $"version {set.Version} for answers {string.Join(",", results)}");
        });
    }

    [Fact]
    public void CopyOnWriteSet_notifications_arrive_once_in_version_order_and_each_Diff_turns_old_into_new_in_every_explored_schedule()
    {
        Explorer.AssertNoBug(output, async () =>
        {
            var set = new CopyOnWriteSet<int>();
            var seen = new List<long>();
            using var subscription = set.Subscribe(c =>
            {
                Specification.Assert(seen.Count == 0 || c.Version == seen[^1] + 1, $"version {c.Version} after {(seen.Count == 0 ? 0 : seen[^1])}");
                var rebuilt = c.OldSnapshot.ToHashSet();
                foreach (var d in c.Diff())
                {
                    Specification.Assert(d.Kind == SetChangeKind.Added ? rebuilt.Add(d.Item) : rebuilt.Remove(d.Item), $"version {c.Version}: {d} is not a change");
                }

                Specification.Assert(rebuilt.SetEquals(c.NewSnapshot), $"version {c.Version}: the Diff does not turn the old snapshot into the new one");
                seen.Add(c.Version);
            });
            await Task.WhenAll(
                Task.Run(() => { set.Add(1); set.Remove(1); }),
                Task.Run(() => set.UnionWith([1, 2])),
                Task.Run(() => set.ExceptWith([2, 3])));
            Specification.Assert(seen.Count == set.Version && (seen.Count == 0 || seen[^1] == set.Version), $"delivered {seen.Count} of {set.Version} versions");
        });
    }

    [Fact]
    public void The_explorer_reaches_a_set_compare_and_swap_conflict_and_its_retry()
    {
        // Not vacuous: some schedule interleaves two set writers inside the CAS loop, so a transform runs again.
        Explorer.AssertFindsBug(output, async () =>
        {
            var set = new CopyOnWriteSet<int>();
            int runs = 0;
            await Task.WhenAll(
                Task.Run(() => set.Update(s => { Interlocked.Increment(ref runs); return s.Add(1); })),
                Task.Run(() => set.Update(s => { Interlocked.Increment(ref runs); return s.Union([2, 3]); })));
            Specification.Assert(runs == 2, $"conflict: {runs} transform runs for 2 publications");
        }, "conflict: 3 transform runs");
    }

    [Fact]
    public void The_linearizability_check_catches_a_read_then_write_set_losing_an_Add()
    {
        // The same check, on a set published by the broken read-then-write double: some schedule loses an update.
        Explorer.AssertFindsBug(output, async () =>
        {
            var publisher = new ReadThenWritePublisher<PersistentHashSet<int>>(PersistentHashSet<int>.Empty);
            await Task.WhenAll(
                Task.Run(() => publisher.Update(s => s.Add(1))),
                Task.Run(() => publisher.Update(s => s.Union([2, 3]))));
            var tasks = new[] { new[] { Add(1) }, new[] { UnionWith(2, 3) } };
            string? witness = Linearization([], tasks, [["True"], ["ok"]], publisher.Value.ToArray(), publisher.Version);
            Specification.Assert(witness is not null, $"not linearizable: final [{string.Join(",", publisher.Value.Order())}]");
        }, "not linearizable");
    }
}
