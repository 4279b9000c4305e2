using System.Collections.Immutable;

namespace CowCollections.Tests.Consistency.Histories;

/// <summary>
/// Every write and read of <see cref="CopyOnWriteList{T}"/>'s public surface, with <see cref="List{T}"/> as the
/// specification: each call's answer (value, count, copy or exception type) must be the one <see cref="List{T}"/>
/// gives at some instant inside the call.
/// </summary>
internal static class ListWorkload
{
    public static CallModel<CopyOnWriteList<int>, ImmutableArray<int>> Model { get; } = new([], States.List, s => Answer.Of(s));

    /// <summary>
    /// The random call of the workload. <paramref name="view"/> is what the interface bulk reads (LINQ
    /// <c>ToArray</c>/<c>ToList</c>, <c>new List&lt;T&gt;(c)</c>, <c>AddRange(c)</c>) read: the container itself, or a
    /// deliberately broken view of it.
    /// </summary>
    public static Func<Random, Call<CopyOnWriteList<int>, ImmutableArray<int>>> Calls(Func<CopyOnWriteList<int>, IEnumerable<int>>? view = null)
    {
        view ??= static c => c;
        return Workload.Weighted<Call<CopyOnWriteList<int>, ImmutableArray<int>>>(
            // Writes.
            (10, r =>
            {
                int v = r.Next(10);
                return Spec($"Add({v})", c => { c.Add(v); return Answer.Ok; }, l => { l.Add(v); return Answer.Ok; });
            }),
            (4, r =>
            {
                int[] items = [r.Next(10), r.Next(10)];
                return Spec($"AddRange([{items[0]},{items[1]}])", c => { c.AddRange(items); return Answer.Ok; }, l => { l.AddRange(items); return Answer.Ok; });
            }),
            (5, r =>
            {
                int i = r.Next(8), v = r.Next(10);
                return Spec($"Insert({i}, {v})", c => { c.Insert(i, v); return Answer.Ok; }, l => { l.Insert(i, v); return Answer.Ok; });
            }),
            (6, r =>
            {
                int i = r.Next(8);
                return Spec($"RemoveAt({i})", c => { c.RemoveAt(i); return Answer.Ok; }, l => { l.RemoveAt(i); return Answer.Ok; });
            }),
            (4, r =>
            {
                int v = r.Next(10);
                return Spec($"Remove({v})", c => Answer.Of(c.Remove(v)), l => Answer.Of(l.Remove(v)));
            }),
            (2, r =>
            {
                int v = r.Next(10);
                return Spec($"RemoveAll(x == {v})", c => Answer.Of(c.RemoveAll(x => x == v)), l => Answer.Of(l.RemoveAll(x => x == v)));
            }),
            (4, r =>
            {
                int i = r.Next(8), v = r.Next(10);
                return Spec($"this[{i}] = {v}", c => { c[i] = v; return Answer.Ok; }, l => { l[i] = v; return Answer.Ok; });
            }),
            (1, _ => Spec("Clear()", c => { c.Clear(); return Answer.Ok; }, l => { l.Clear(); return Answer.Ok; })),
            (3, r =>
            {
                int v = r.Next(10);
                return Spec($"AddIfAbsent({v})", c => Answer.Of(c.AddIfAbsent(v)), l =>
                {
                    bool add = !l.Contains(v);
                    if (add)
                    {
                        l.Add(v);
                    }

                    return Answer.Of(add);
                });
            }),
            (2, r =>
            {
                int[] items = [r.Next(10), r.Next(10), r.Next(10)];
                return Spec($"AddRangeIfAbsent([{string.Join(",", items)}])", c => Answer.Of(c.AddRangeIfAbsent(items)), l =>
                {
                    int added = 0;
                    foreach (int x in items)
                    {
                        if (!l.Contains(x))
                        {
                            l.Add(x);
                            added++;
                        }
                    }

                    return Answer.Of(added);
                });
            }),
            (2, _ => Spec("Update(rotate left)", c => Answer.Of(c.Update(p => p.Count < 2 ? p : p.RemoveAt(0).Add(p[0]))), l =>
            {
                if (l.Count < 2)
                {
                    return Answer.Of(false);
                }

                int first = l[0];
                l.RemoveAt(0);
                l.Add(first);
                return Answer.Of(true);
            })),
            (2, r =>
            {
                int v = r.Next(10);
                return Spec($"Update({v}, append 10x)", c => Answer.Of(c.Update(v, static (p, a) => p.Add(a * 10))), l => { l.Add(v * 10); return Answer.Of(true); });
            }),

            (1, r =>
            {
                int v = r.Next(10);
                var replacement = PersistentList.Create(v, v + 1);
                return Spec($"Exchange([{v},{v + 1}])", c => Answer.Of(c.Exchange(replacement)), l =>
                {
                    string old = Answer.Of(l);
                    l.Clear();
                    l.AddRange(replacement);
                    return old;
                });
            }),
            (2, r =>
            {
                int v = r.Next(10);
                return new($"CompareExchange(read.Add({v}), read)", c =>
                {
                    var read = c.Snapshot;
                    var seen = c.CompareExchange(read.Add(v), read);
                    return Answer.Exchanged(ReferenceEquals(seen, read), Answer.Of(seen));
                }, (s, answer) => Answer.JudgeExchange(s, answer, x => Answer.Of(x), x => x.Add(v)));
            }),

            // Reads of one element or one number.
            (5, _ => Spec("Count", c => Answer.Of(c.Count), l => Answer.Of(l.Count))),
            (5, r =>
            {
                int i = r.Next(8);
                return Spec($"this[{i}]", c => Answer.Of(c[i]), l => Answer.Of(l[i]));
            }),
            (3, r =>
            {
                int v = r.Next(10);
                return Spec($"IndexOf({v})", c => Answer.Of(c.IndexOf(v)), l => Answer.Of(l.IndexOf(v)));
            }),
            (3, r =>
            {
                int v = r.Next(10);
                return Spec($"Contains({v})", c => Answer.Of(c.Contains(v)), l => Answer.Of(l.Contains(v)));
            }),
            (2, r =>
            {
                int i = r.Next(8);
                return Spec($"((IList<int>)c)[{i}]", c => Answer.Of(((IList<int>)c)[i]), l => Answer.Of(l[i]));
            }),
            // Reads of the whole list: the snapshot, enumeration, and every bulk copy through an interface.
            (3, _ => Spec("Snapshot", c => Answer.Of(c.Snapshot), l => Answer.Of(l))),
            (3, _ => Spec("foreach", c =>
            {
                var seen = new List<int>();
                foreach (int x in c)
                {
                    seen.Add(x);
                }

                return Answer.Of(seen);
            }, l => Answer.Of(l))),
            (2, _ => Spec("CopyTo(array[32], 0)", c => { var a = Sentinels(32); c.CopyTo(a, 0); return Answer.Of(a); }, l => { var a = Sentinels(32); l.CopyTo(a, 0); return Answer.Of(a); })),
            (3, _ => Spec("view.ToArray()", c => Answer.Of(view(c).ToArray()), l => Answer.Of(l))),
            (3, _ => Spec("view.ToList()", c => Answer.Of(view(c).ToList()), l => Answer.Of(l))),
            (2, _ => Spec("new List<int>(view)", c => Answer.Of(new List<int>(view(c))), l => Answer.Of(l))),
            (2, _ => Spec("new CopyOnWriteList<int>(view)", c => Answer.Of(new CopyOnWriteList<int>(view(c)).Snapshot), l => Answer.Of(l))),
            (2, _ => Spec("other.AddRange(view)", c =>
            {
                var other = new CopyOnWriteList<int>();
                other.AddRange(view(c));
                return Answer.Of(other.Snapshot);
            }, l => Answer.Of(l))));
    }

    private static Call<CopyOnWriteList<int>, ImmutableArray<int>> Spec(string name, Func<CopyOnWriteList<int>, string> run, Func<List<int>, string> model) =>
        new(name, run, s => Answer.OnList(s, model));

    private static int[] Sentinels(int length) => Enumerable.Repeat(-1, length).ToArray();
}
