using System.Collections.Immutable;

namespace CowCollections.Tests.Consistency.Histories;

/// <summary>
/// Every write and read of <see cref="CopyOnWriteDictionary{TKey, TValue}"/>'s public surface, with
/// <see cref="Dictionary{TKey, TValue}"/> as the specification (and <c>ConcurrentDictionary</c>'s documented rules
/// for the members <see cref="Dictionary{TKey, TValue}"/> lacks). Keys 0..7, values 0..99.
/// </summary>
internal static class DictionaryWorkload
{
    public static CallModel<CopyOnWriteDictionary<int, int>, ImmutableDictionary<int, int>> Model { get; } =
        new(ImmutableDictionary<int, int>.Empty, States.Dictionary, s => Answer.Of(s));

    /// <summary>
    /// The random call. With <paramref name="wholeReads"/> false every call touches one key, so the checker
    /// splits the history by key; with it true, whole-dictionary reads and batches are mixed in (one partition).
    /// </summary>
    public static Func<Random, Call<CopyOnWriteDictionary<int, int>, ImmutableDictionary<int, int>>> Calls(bool wholeReads)
    {
        var oneKey = new (int, Func<Random, Call<CopyOnWriteDictionary<int, int>, ImmutableDictionary<int, int>>>)[]
        {
            // As documented (and as ImmutableDictionary.Add): a key already present with an equal value is no error.
            (4, r => Keyed(r, (k, v) => ($"Add({k}, {v})", c => { c.Add(k, v); return Answer.Ok; }, d =>
            {
                if (!d.TryGetValue(k, out int old) || old != v)
                {
                    d.Add(k, v);
                }

                return Answer.Ok;
            }))),
            (5, r => Keyed(r, (k, v) => ($"SetItem({k}, {v})", c => { c.SetItem(k, v); return Answer.Ok; }, d => { d[k] = v; return Answer.Ok; }))),
            (4, r => Keyed(r, (k, v) => ($"this[{k}] = {v}", c => { c[k] = v; return Answer.Ok; }, d => { d[k] = v; return Answer.Ok; }))),
            (4, r => Keyed(r, (k, v) => ($"TryAdd({k}, {v})", c => Answer.Of(c.TryAdd(k, v)), d => Answer.Of(d.TryAdd(k, v))))),
            (4, r => Keyed(r, (k, _) => ($"TryRemove({k})", c => c.TryRemove(k, out int old) ? "removed " + Answer.Of(old) : "absent", d => d.Remove(k, out int old) ? "removed " + Answer.Of(old) : "absent"))),
            (4, r => Keyed(r, (k, _) => ($"Remove({k})", c => Answer.Of(c.Remove(k)), d => Answer.Of(d.Remove(k))))),
            (4, r =>
            {
                int compare = r.Next(3);
                return Keyed(r, (k, v) => ($"TryUpdate({k}, {v}, {compare})", c => Answer.Of(c.TryUpdate(k, v, compare)), d =>
                {
                    bool update = d.TryGetValue(k, out int old) && old == compare;
                    if (update)
                    {
                        d[k] = v;
                    }

                    return Answer.Of(update);
                }));
            }),
            (3, r => Keyed(r, (k, v) => ($"GetOrAdd({k}, {v})", c => Answer.Of(c.GetOrAdd(k, v)), d => Answer.Of(GetOrAdd(d, k, v))))),
            (3, r => Keyed(r, (k, v) => ($"GetOrAdd({k}, _ => {v})", c => Answer.Of(c.GetOrAdd(k, _ => v)), d => Answer.Of(GetOrAdd(d, k, v))))),
            (2, r => Keyed(r, (k, v) => ($"GetOrAdd({k}, (_, a) => a, {v})", c => Answer.Of(c.GetOrAdd(k, static (_, a) => a, v)), d => Answer.Of(GetOrAdd(d, k, v))))),
            (3, r => Keyed(r, (k, v) => ($"AddOrUpdate({k}, {v}, +1)", c => Answer.Of(c.AddOrUpdate(k, v, static (_, old) => old + 1)), d => Answer.Of(d[k] = d.TryGetValue(k, out int old) ? old + 1 : v)))),
            (2, r => Keyed(r, (k, v) => ($"AddOrUpdate({k}, _ => {v}, +2)", c => Answer.Of(c.AddOrUpdate(k, _ => v, static (_, old) => old + 2)), d => Answer.Of(d[k] = d.TryGetValue(k, out int old) ? old + 2 : v)))),
            (6, r => Keyed(r, (k, _) => ($"TryGetValue({k})", c => c.TryGetValue(k, out int v) ? "found " + Answer.Of(v) : "absent", d => d.TryGetValue(k, out int v) ? "found " + Answer.Of(v) : "absent"))),
            (4, r => Keyed(r, (k, _) => ($"ContainsKey({k})", c => Answer.Of(c.ContainsKey(k)), d => Answer.Of(d.ContainsKey(k))))),
            (4, r => Keyed(r, (k, _) => ($"this[{k}]", c => Answer.Of(c[k]), d => Answer.Of(d[k])))),
            (2, r => Keyed(r, (k, v) => ($"Update(d => d.SetItem({k}, {v}))", c => Answer.Of(c.Update(p => p.SetItem(k, v))), d =>
            {
                bool changed = !d.TryGetValue(k, out int old) || old != v;
                d[k] = v;
                return Answer.Of(changed);
            }))),
        };
        if (!wholeReads)
        {
            return Workload.Weighted(oneKey);
        }

        var whole = new (int, Func<Random, Call<CopyOnWriteDictionary<int, int>, ImmutableDictionary<int, int>>>)[]
        {
            (3, r =>
            {
                int k1 = r.Next(8), k2 = (k1 + 1 + r.Next(7)) % 8, v = r.Next(100);
                return Whole($"SetItems([{k1}:{v}, {k2}:{v + 1}])", c => { c.SetItems([new(k1, v), new(k2, v + 1)]); return Answer.Ok; }, d => { d[k1] = v; d[k2] = v + 1; return Answer.Ok; });
            }),
            (2, r =>
            {
                int k1 = r.Next(8), k2 = r.Next(8);
                return Whole($"RemoveRange([{k1}, {k2}])", c => Answer.Of(c.RemoveRange([k1, k2])), d => Answer.Of((d.Remove(k1) ? 1 : 0) + (d.Remove(k2) ? 1 : 0)));
            }),
            (1, _ => Whole("Clear()", c => { c.Clear(); return Answer.Ok; }, d => { d.Clear(); return Answer.Ok; })),
            (1, r =>
            {
                int k = r.Next(8), v = r.Next(100);
                var replacement = PersistentDictionary.Create<int, int>().SetItem(k, v);
                return Whole($"Exchange({{{k}:{v}}})", c => Answer.Of(c.Exchange(replacement)), d =>
                {
                    string old = Answer.Of(d);
                    d.Clear();
                    d[k] = v;
                    return old;
                });
            }),
            (2, r =>
            {
                int k = r.Next(8), v = r.Next(100);
                return new($"CompareExchange(read.SetItem({k}, {v}), read)", c =>
                {
                    var read = c.Snapshot;
                    var seen = c.CompareExchange(read.SetItem(k, v), read);
                    return Answer.Exchanged(ReferenceEquals(seen, read), Answer.Of(seen));
                }, (s, answer) => Answer.JudgeExchange(s, answer, x => Answer.Of(x), x => x.SetItem(k, v)));
            }),
            (3, _ => Whole("Count", c => Answer.Of(c.Count), d => Answer.Of(d.Count))),
            (2, _ => Whole("IsEmpty", c => Answer.Of(c.IsEmpty), d => Answer.Of(d.Count == 0))),
            (3, _ => Whole("Snapshot", c => Answer.Of(c.Snapshot), d => Answer.Of(d))),
            (3, _ => Whole("foreach", c =>
            {
                var seen = new List<KeyValuePair<int, int>>();
                foreach (var e in c)
                {
                    seen.Add(e);
                }

                return Answer.Of(seen);
            }, d => Answer.Of(d))),
            (2, _ => Whole("Keys", c => Answer.Of(c.Keys.Order()), d => Answer.Of(d.Keys.Order()))),
            (2, _ => Whole("Values", c => Answer.Of(c.Values.Order()), d => Answer.Of(d.Values.Order()))),
            (3, _ => Whole("ToArray() (LINQ)", c => Answer.Of(c.ToArray()), d => Answer.Of(d))),
            (2, _ => Whole("ToDictionary() (LINQ)", c => Answer.Of(c.ToDictionary()), d => Answer.Of(d))),
            (3, _ => Whole("new Dictionary<int, int>(c)", c => Answer.Of(new Dictionary<int, int>(c)), d => Answer.Of(d))),
            (2, _ => Whole("new CopyOnWriteDictionary<int, int>(c)", c => Answer.Of(new CopyOnWriteDictionary<int, int>(c).Snapshot), d => Answer.Of(d))),
            (2, _ => Whole("ICollection.CopyTo(array[16], 0)", c => CopyTo(c), d => CopyTo(d))),
        };
        return Workload.Weighted([.. oneKey, .. whole]);
    }

    /// <summary>Copies into an array of 16 sentinel entries (key -1) and answers what was written.</summary>
    private static string CopyTo(ICollection<KeyValuePair<int, int>> source)
    {
        var a = Enumerable.Repeat(KeyValuePair.Create(-1, -1), 16).ToArray();
        source.CopyTo(a, 0);
        return Answer.Of(a.Where(e => e.Key != -1));
    }

    private static int GetOrAdd(Dictionary<int, int> d, int k, int v)
    {
        if (!d.TryGetValue(k, out int existing))
        {
            d[k] = existing = v;
        }

        return existing;
    }

    private static Call<CopyOnWriteDictionary<int, int>, ImmutableDictionary<int, int>> Keyed(
        Random r,
        Func<int, int, (string Name, Func<CopyOnWriteDictionary<int, int>, string> Run, Func<Dictionary<int, int>, string> Model)> make)
    {
        int k = r.Next(8), v = r.Next(100);
        var (name, run, model) = make(k, v);
        return new(name, run, s => Answer.OnDictionary(s, model), k);
    }

    private static Call<CopyOnWriteDictionary<int, int>, ImmutableDictionary<int, int>> Whole(string name, Func<CopyOnWriteDictionary<int, int>, string> run, Func<Dictionary<int, int>, string> model) =>
        new(name, run, s => Answer.OnDictionary(s, model));
}
