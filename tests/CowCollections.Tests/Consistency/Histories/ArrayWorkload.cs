using System.Collections.Immutable;

namespace CowCollections.Tests.Consistency.Histories;

/// <summary>
/// Every write and read of <see cref="CopyOnWriteArray{T}"/>'s public surface on an array of 6 elements, with a
/// <c>T[]</c> (as a <see cref="List{T}"/> of fixed length) as the specification.
/// </summary>
internal static class ArrayWorkload
{
    public const int Length = 6;

    public static CallModel<CopyOnWriteArray<int>, ImmutableArray<int>> Model { get; } = new([.. new int[Length]], States.List, s => Answer.Of(s));

    public static Func<Random, Call<CopyOnWriteArray<int>, ImmutableArray<int>>> Calls() =>
        Workload.Weighted<Call<CopyOnWriteArray<int>, ImmutableArray<int>>>(
            (8, r =>
            {
                int i = r.Next(Length), v = r.Next(10);
                return Spec($"this[{i}] = {v}", c => { c[i] = v; return Answer.Ok; }, a => { a[i] = v; return Answer.Ok; });
            }),
            (5, r =>
            {
                int i = r.Next(Length), v = r.Next(10);
                return Spec($"Exchange({i}, {v})", c => Answer.Of(c.Exchange(i, v)), a => { int old = a[i]; a[i] = v; return Answer.Of(old); });
            }),
            (5, r =>
            {
                int i = r.Next(Length), v = r.Next(10), comparand = r.Next(3);
                return Spec($"CompareExchange({i}, {v}, {comparand})", c => Answer.Of(c.CompareExchange(i, v, comparand)), a =>
                {
                    int old = a[i];
                    if (old == comparand)
                    {
                        a[i] = v;
                    }

                    return Answer.Of(old);
                });
            }),
            (1, r =>
            {
                int v = r.Next(3);
                return Spec($"Fill({v})", c => { c.Fill(v); return Answer.Ok; }, a => { a.Fill(v); return Answer.Ok; });
            }),
            (3, r =>
            {
                int i = r.Next(Length), j = (i + 1 + r.Next(Length - 1)) % Length, v = r.Next(10);
                return Spec($"SetItems([{i}:{v}, {j}:{v + 1}])", c => { c.SetItems([new(i, v), new(j, v + 1)]); return Answer.Ok; }, a => { a[i] = v; a[j] = v + 1; return Answer.Ok; });
            }),
            (1, r =>
            {
                int v = r.Next(3);
                var replacement = PersistentArray.Create(Length, v);
                return Spec($"Exchange(all {v})", c => Answer.Of(c.Exchange(replacement)), a =>
                {
                    string old = Answer.Of(a);
                    a.Fill(v);
                    return old;
                });
            }),
            (2, r =>
            {
                int i = r.Next(Length), v = r.Next(10);
                return new($"CompareExchange(read.SetItem({i}, {v}), read)", c =>
                {
                    var read = c.Snapshot;
                    var seen = c.CompareExchange(read.SetItem(i, v), read);
                    return Answer.Exchanged(ReferenceEquals(seen, read), Answer.Of(seen));
                }, (s, answer) => Answer.JudgeExchange(s, answer, x => Answer.Of(x), x => x.SetItem(i, v)));
            }),
            (2, _ => Spec("Update(a => a.SetItem(0, a[1] + a[2]))", c => Answer.Of(c.Update(p => p.SetItem(0, p[1] + p[2]))), a => { a[0] = a[1] + a[2]; return Answer.Of(true); })),
            (6, r =>
            {
                int i = r.Next(Length);
                return Spec($"this[{i}]", c => Answer.Of(c[i]), a => Answer.Of(a[i]));
            }),
            (3, r =>
            {
                int v = r.Next(10);
                return Spec($"IndexOf({v})", c => Answer.Of(c.IndexOf(v)), a => Answer.Of(a.IndexOf(v)));
            }),
            (3, r =>
            {
                int v = r.Next(10);
                return Spec($"Contains({v})", c => Answer.Of(c.Contains(v)), a => Answer.Of(a.Contains(v)));
            }),
            (1, _ => Spec("Length", c => Answer.Of(c.Length), a => Answer.Of(a.Count))),
            (3, _ => Spec("Snapshot", c => Answer.Of(c.Snapshot), a => Answer.Of(a))),
            (3, _ => Spec("ToArray()", c => Answer.Of(c.ToArray()), a => Answer.Of(a))),
            (2, _ => Spec("CopyTo(Span<int>)", c => { var s = new int[Length]; c.CopyTo(s.AsSpan()); return Answer.Of(s); }, a => Answer.Of(a))),
            (2, _ => Spec("CopyTo(array, 0)", c => { var s = new int[Length]; c.CopyTo(s, 0); return Answer.Of(s); }, a => Answer.Of(a))),
            (2, _ => Spec("foreach", c =>
            {
                var seen = new List<int>();
                foreach (int x in c)
                {
                    seen.Add(x);
                }

                return Answer.Of(seen);
            }, a => Answer.Of(a))),
            (2, _ => Spec("ToList() (LINQ)", c => Answer.Of(c.ToList()), a => Answer.Of(a))),
            (2, _ => Spec("new List<int>(c)", c => Answer.Of(new List<int>(c)), a => Answer.Of(a))),
            (2, _ => Spec("new CopyOnWriteArray<int>(c)", c => Answer.Of(new CopyOnWriteArray<int>(c).Snapshot), a => Answer.Of(a))));

    private static Call<CopyOnWriteArray<int>, ImmutableArray<int>> Spec(string name, Func<CopyOnWriteArray<int>, string> run, Func<List<int>, string> model) =>
        new(name, run, s => Answer.OnList(s, model));
}

internal static class FixedListExtensions
{
    /// <summary><c>Array.Fill</c> on the fixed-length list that stands for the array.</summary>
    public static void Fill(this List<int> list, int value)
    {
        for (int i = 0; i < list.Count; i++)
        {
            list[i] = value;
        }
    }
}
