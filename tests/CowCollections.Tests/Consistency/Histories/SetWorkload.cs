using System.Collections.Immutable;

namespace CowCollections.Tests.Consistency.Histories;

/// <summary>
/// Every write and read of <see cref="CopyOnWriteSet{T}"/>'s public surface, with <see cref="HashSet{T}"/> as the
/// specification. Elements 0..7.
/// </summary>
internal static class SetWorkload
{
    public static CallModel<CopyOnWriteSet<int>, ImmutableSortedSet<int>> Model { get; } =
        new(ImmutableSortedSet<int>.Empty, States.Set, s => Answer.Of(s));

    /// <summary>
    /// The random call. With <paramref name="wholeReads"/> false every call touches one element, so the checker
    /// splits the history by element; with it true, batches and whole-set reads are mixed in (one partition).
    /// </summary>
    public static Func<Random, Call<CopyOnWriteSet<int>, ImmutableSortedSet<int>>> Calls(bool wholeReads)
    {
        var oneElement = new (int, Func<Random, Call<CopyOnWriteSet<int>, ImmutableSortedSet<int>>>)[]
        {
            (6, r => One(r, x => ($"Add({x})", c => Answer.Of(c.Add(x)), s => Answer.Of(s.Add(x))))),
            (2, r => One(r, x => ($"ICollection.Add({x})", c => { ((ICollection<int>)c).Add(x); return Answer.Ok; }, s => { s.Add(x); return Answer.Ok; }))),
            (6, r => One(r, x => ($"Remove({x})", c => Answer.Of(c.Remove(x)), s => Answer.Of(s.Remove(x))))),
            (6, r => One(r, x => ($"Contains({x})", c => Answer.Of(c.Contains(x)), s => Answer.Of(s.Contains(x))))),
            (2, r => One(r, x => ($"TryGetValue({x})", c => Answer.Of(c.TryGetValue(x, out int v) && v == x), s => Answer.Of(s.Contains(x))))),
            (3, r => One(r, x => ($"Update(s => s.Contains({x}) ? s.Remove({x}) : s.Add({x}))", c => Answer.Of(c.Update(s => s.Contains(x) ? s.Remove(x) : s.Add(x))), s =>
            {
                if (!s.Remove(x))
                {
                    s.Add(x);
                }

                return Answer.Of(true);
            }))),
            (2, r => One(r, x => ($"Update({x}, (s, a) => s.Add(a))", c => Answer.Of(c.Update(x, static (s, a) => s.Add(a))), s => Answer.Of(s.Add(x))))),
            (2, r => One(r, x => ($"UnionWith([{x}])", c => { c.UnionWith([x]); return Answer.Ok; }, s => { s.Add(x); return Answer.Ok; }))),
            (2, r => One(r, x => ($"ExceptWith([{x}])", c => { c.ExceptWith([x]); return Answer.Ok; }, s => { s.Remove(x); return Answer.Ok; }))),
        };
        if (!wholeReads)
        {
            return Workload.Weighted(oneElement);
        }

        var whole = new (int, Func<Random, Call<CopyOnWriteSet<int>, ImmutableSortedSet<int>>>)[]
        {
            (4, r => Batch(r, b => ($"UnionWith([{string.Join(",", b)}])", c => { c.UnionWith(b); return Answer.Ok; }, s => { s.UnionWith(b); return Answer.Ok; }))),
            (3, r => Batch(r, b => ($"ExceptWith([{string.Join(",", b)}])", c => { c.ExceptWith(b); return Answer.Ok; }, s => { s.ExceptWith(b); return Answer.Ok; }))),
            (2, r => Batch(r, b => ($"IntersectWith([{string.Join(",", b)}])", c => { c.IntersectWith(b); return Answer.Ok; }, s => { s.IntersectWith(b); return Answer.Ok; }))),
            (3, r => Batch(r, b => ($"SymmetricExceptWith([{string.Join(",", b)}])", c => { c.SymmetricExceptWith(b); return Answer.Ok; }, s => { s.SymmetricExceptWith(b); return Answer.Ok; }))),
            (2, r => Batch(r, b => ($"SetEquals([{string.Join(",", b)}])", c => Answer.Of(c.SetEquals(b)), s => Answer.Of(s.SetEquals(b))))),
            (2, r => Batch(r, b => ($"IsSubsetOf([{string.Join(",", b)}])", c => Answer.Of(c.IsSubsetOf(b)), s => Answer.Of(s.IsSubsetOf(b))))),
            (2, r => Batch(r, b => ($"Overlaps([{string.Join(",", b)}])", c => Answer.Of(c.Overlaps(b)), s => Answer.Of(s.Overlaps(b))))),
            (1, _ => Whole("Clear()", c => { c.Clear(); return Answer.Ok; }, s => { s.Clear(); return Answer.Ok; })),
            (1, r =>
            {
                int x = r.Next(8);
                var replacement = PersistentHashSet.Create(x);
                return Whole($"Exchange({{{x}}})", c => Answer.Of(c.Exchange(replacement).Order()), s =>
                {
                    string old = Answer.Of(s.Order());
                    s.Clear();
                    s.Add(x);
                    return old;
                });
            }),
            (2, r =>
            {
                int x = r.Next(8);
                return new($"CompareExchange(read.Add({x}), read)", c =>
                {
                    var read = c.Snapshot;
                    var seen = c.CompareExchange(read.Add(x), read);
                    return Answer.Exchanged(ReferenceEquals(seen, read), Answer.Of(seen.Order()));
                }, (s, answer) => Answer.JudgeExchange(s, answer, v => Answer.Of(v), v => v.Add(x)));
            }),
            (3, _ => Whole("Count", c => Answer.Of(c.Count), s => Answer.Of(s.Count))),
            (2, _ => Whole("IsEmpty", c => Answer.Of(c.IsEmpty), s => Answer.Of(s.Count == 0))),
            (3, _ => Whole("Snapshot", c => Answer.Of(c.Snapshot.Order()), s => Answer.Of(s.Order()))),
            (3, _ => Whole("foreach", c =>
            {
                var seen = new List<int>();
                foreach (int x in c)
                {
                    seen.Add(x);
                }

                return Answer.Of(seen.Order());
            }, s => Answer.Of(s.Order()))),
            (3, _ => Whole("ToArray() (LINQ)", c => Answer.Of(c.ToArray().Order()), s => Answer.Of(s.Order()))),
            (2, _ => Whole("new List<int>(c)", c => Answer.Of(new List<int>(c).Order()), s => Answer.Of(s.Order()))),
            (2, _ => Whole("new CopyOnWriteSet<int>(c)", c => Answer.Of(new CopyOnWriteSet<int>(c).Snapshot.Order()), s => Answer.Of(s.Order()))),
            (2, _ => Whole("ICollection.CopyTo(array[16], 0)", c => CopyTo(c), s => CopyTo(s))),
        };
        return Workload.Weighted([.. oneElement, .. whole]);
    }

    /// <summary>Copies into an array of 16 sentinels (-1) and answers what was written, sorted.</summary>
    private static string CopyTo(ICollection<int> source)
    {
        var a = Enumerable.Repeat(-1, 16).ToArray();
        source.CopyTo(a, 0);
        return Answer.Of(a.Where(x => x != -1).Order());
    }

    private static (ImmutableSortedSet<int> Next, string Answer) OnSet(ImmutableSortedSet<int> state, Func<HashSet<int>, string> model)
    {
        var set = new HashSet<int>(state);
        string answer = model(set);
        return (set.ToImmutableSortedSet(), answer);
    }

    private static Call<CopyOnWriteSet<int>, ImmutableSortedSet<int>> One(
        Random r,
        Func<int, (string Name, Func<CopyOnWriteSet<int>, string> Run, Func<HashSet<int>, string> Model)> make)
    {
        int x = r.Next(8);
        var (name, run, model) = make(x);
        return new(name, run, s => OnSet(s, model), x);
    }

    private static Call<CopyOnWriteSet<int>, ImmutableSortedSet<int>> Batch(
        Random r,
        Func<int[], (string Name, Func<CopyOnWriteSet<int>, string> Run, Func<HashSet<int>, string> Model)> make)
    {
        var batch = Enumerable.Range(0, 1 + r.Next(4)).Select(_ => r.Next(8)).ToArray();
        var (name, run, model) = make(batch);
        return new(name, run, s => OnSet(s, model));
    }

    private static Call<CopyOnWriteSet<int>, ImmutableSortedSet<int>> Whole(string name, Func<CopyOnWriteSet<int>, string> run, Func<HashSet<int>, string> model) =>
        new(name, run, s => OnSet(s, model));
}
