using System.Collections;
using System.Collections.Immutable;
using CowCollections;

namespace CowCollections.Tests.Compatibility;

/// <summary>
/// <see cref="PersistentHashSet{T}"/> and its builder against <see cref="ImmutableHashSet{T}"/> and its builder on the
/// same inputs: contents, which element objects are kept under <see cref="StringComparer.OrdinalIgnoreCase"/>,
/// returned bools, exceptions (type and parameter name), the factory overloads, the read-only interface mutators,
/// enumerator contracts, collection expressions and ICollection.CopyTo.
/// </summary>
public sealed class SetSciDifferentialTests
{
    private static readonly StringComparer IgnoreCase = StringComparer.OrdinalIgnoreCase;

    private static string Fresh(string s) => new(s.AsSpan());

    private static void SameObjects(IEnumerable<string> expected, IEnumerable<string> actual, string what)
    {
        var e = expected.OrderBy(x => x, StringComparer.Ordinal).ToList();
        var a = actual.OrderBy(x => x, StringComparer.Ordinal).ToList();
        Assert.True(e.SequenceEqual(a, StringComparer.Ordinal), $"{what}: SCI [{string.Join(",", e)}], ours [{string.Join(",", a)}]");
    }

    private static (string[] Mine, string[] Other) Inputs()
    {
        string[] mine = ["a", "B", "c", "D", "e"];
        string[] other = ["A", "b", "x", "Y", "x", "C", "A"];
        return (mine.Select(Fresh).ToArray(), other.Select(Fresh).ToArray());
    }

    [Fact]
    public void Algebra_keeps_the_same_objects_as_ImmutableHashSet_under_OrdinalIgnoreCase()
    {
        var (mine, other) = Inputs();
        var sci = ImmutableHashSet.CreateRange(IgnoreCase, mine);
        var ours = PersistentHashSet.CreateRange(IgnoreCase, mine);
        var oursOther = PersistentHashSet.CreateRange(IgnoreCase, other);
        foreach (IEnumerable<string> operand in new IEnumerable<string>[] { other, other.ToList(), oursOther, ImmutableHashSet.CreateRange(IgnoreCase, other) })
        {
            SameObjects(sci.Union(operand), ours.Union(operand), "Union");
            SameObjects(sci.Intersect(operand), ours.Intersect(operand), "Intersect");
            SameObjects(sci.Except(operand), ours.Except(operand), "Except");
            SameObjects(sci.SymmetricExcept(operand), ours.SymmetricExcept(operand), "SymmetricExcept");
            SameObjects(sci.Add(Fresh("A")), ours.Add(Fresh("A")), "Add of a present element");
            Assert.Equal(sci.SetEquals(operand), ours.SetEquals(operand));
            Assert.Equal(sci.IsSubsetOf(operand), ours.IsSubsetOf(operand));
            Assert.Equal(sci.IsSupersetOf(operand), ours.IsSupersetOf(operand));
            Assert.Equal(sci.IsProperSubsetOf(operand), ours.IsProperSubsetOf(operand));
            Assert.Equal(sci.IsProperSupersetOf(operand), ours.IsProperSupersetOf(operand));
            Assert.Equal(sci.Overlaps(operand), ours.Overlaps(operand));

            var sb = sci.ToBuilder();
            var ob = ours.ToBuilder();
            sb.IntersectWith(operand);
            ob.IntersectWith(operand);
            SameObjects(sb, ob, "Builder.IntersectWith");
            sb.UnionWith(operand);
            ob.UnionWith(operand);
            SameObjects(sb, ob, "Builder.UnionWith");
            sb.SymmetricExceptWith(mine);
            ob.SymmetricExceptWith(mine);
            SameObjects(sb, ob, "Builder.SymmetricExceptWith");
            sb.ExceptWith(["x"]);
            ob.ExceptWith(["x"]);
            SameObjects(sb, ob, "Builder.ExceptWith");
            Assert.Equal(sb.Add(Fresh("q")), ob.Add(Fresh("q")));
            Assert.Equal(sb.Add(Fresh("Q")), ob.Add(Fresh("Q")));
            Assert.Equal(sb.Remove("zz"), ob.Remove("zz"));
            Assert.Equal(sb.Remove("Q"), ob.Remove("Q"));
            SameObjects(sb.ToImmutable(), ob.ToImmutable(), "Builder.ToImmutable");
        }

        // A small set against a much larger one (the element-by-element paths), equal elements in other casings.
        string[] few = ["a", "B"];
        var large = Enumerable.Range(0, 60).Select(i => "z" + i).Concat(["A", "b"]).Select(Fresh).ToArray();
        var sciFew = ImmutableHashSet.CreateRange(IgnoreCase, few);
        var oursFew = PersistentHashSet.CreateRange(IgnoreCase, few);
        foreach (IEnumerable<string> operand in new IEnumerable<string>[] { large, PersistentHashSet.CreateRange(IgnoreCase, large) })
        {
            SameObjects(sciFew.Intersect(operand), oursFew.Intersect(operand), "Intersect of a small set with a large one");
            SameObjects(sciFew.Union(operand), oursFew.Union(operand), "Union of a small set with a large one");
            SameObjects(ImmutableHashSet.CreateRange(IgnoreCase, large).Intersect(few), PersistentHashSet.CreateRange(IgnoreCase, large).Intersect(few), "Intersect of a large set with a small one");
            SameObjects(ImmutableHashSet.CreateRange(IgnoreCase, large).Except(few), PersistentHashSet.CreateRange(IgnoreCase, large).Except(few), "Except of a small one");
        }

        Assert.Equal(sci.TryGetValue("A", out var s1), ours.TryGetValue("A", out var o1));
        Assert.Same(s1, o1);
        Assert.Equal(sci.TryGetValue("zz", out s1), ours.TryGetValue("zz", out o1));
        Assert.Same(s1, o1);
    }

    [Fact]
    public void Null_arguments_throw_the_same_exception_with_the_same_parameter_name()
    {
        var sci = ImmutableHashSet.Create(1, 2);
        var ours = PersistentHashSet.Create(1, 2);
        var sb = sci.ToBuilder();
        var ob = ours.ToBuilder();
        (string Name, Action Sci, Action Ours)[] cases =
        [
            ("Union", () => sci.Union(null!), () => ours.Union(null!)),
            ("Intersect", () => sci.Intersect(null!), () => ours.Intersect(null!)),
            ("Except", () => sci.Except(null!), () => ours.Except(null!)),
            ("SymmetricExcept", () => sci.SymmetricExcept(null!), () => ours.SymmetricExcept(null!)),
            ("SetEquals", () => sci.SetEquals(null!), () => ours.SetEquals(null!)),
            ("IsSubsetOf", () => sci.IsSubsetOf(null!), () => ours.IsSubsetOf(null!)),
            ("IsSupersetOf", () => sci.IsSupersetOf(null!), () => ours.IsSupersetOf(null!)),
            ("IsProperSubsetOf", () => sci.IsProperSubsetOf(null!), () => ours.IsProperSubsetOf(null!)),
            ("IsProperSupersetOf", () => sci.IsProperSupersetOf(null!), () => ours.IsProperSupersetOf(null!)),
            ("Overlaps", () => sci.Overlaps(null!), () => ours.Overlaps(null!)),
            ("Builder.UnionWith", () => sb.UnionWith(null!), () => ob.UnionWith(null!)),
            ("Builder.IntersectWith", () => sb.IntersectWith(null!), () => ob.IntersectWith(null!)),
            ("Builder.ExceptWith", () => sb.ExceptWith(null!), () => ob.ExceptWith(null!)),
            ("Builder.SymmetricExceptWith", () => sb.SymmetricExceptWith(null!), () => ob.SymmetricExceptWith(null!)),
            ("Builder.SetEquals", () => sb.SetEquals(null!), () => ob.SetEquals(null!)),
            ("Builder.IsSubsetOf", () => sb.IsSubsetOf(null!), () => ob.IsSubsetOf(null!)),
            ("Builder.IsSupersetOf", () => sb.IsSupersetOf(null!), () => ob.IsSupersetOf(null!)),
            ("Builder.Overlaps", () => sb.Overlaps(null!), () => ob.Overlaps(null!)),
            ("CopyTo array", () => ((ICollection<int>)sci).CopyTo(null!, 0), () => ours.CopyTo(null!, 0)),
            ("CopyTo arrayIndex", () => ((ICollection<int>)sci).CopyTo(new int[2], -1), () => ours.CopyTo(new int[2], -1)),
            ("Builder.CopyTo arrayIndex", () => ((ICollection<int>)sb).CopyTo(new int[2], -1), () => ob.CopyTo(new int[2], -1)),
            ("CreateRange items", () => ImmutableHashSet.CreateRange<int>(null!), () => PersistentHashSet.CreateRange<int>(null!)),
            ("CreateRange comparer items", () => ImmutableHashSet.CreateRange<int>(null, null!), () => PersistentHashSet.CreateRange<int>(null, null!)),
            ("Create params", () => ImmutableHashSet.Create<int>((int[])null!), () => PersistentHashSet.Create<int>((int[])null!)),
            ("ToImmutableHashSet source", () => ((IEnumerable<int>)null!).ToImmutableHashSet(), () => ((IEnumerable<int>)null!).ToPersistentHashSet()),
            ("ToImmutableHashSet source comparer", () => ((IEnumerable<int>)null!).ToImmutableHashSet(null), () => ((IEnumerable<int>)null!).ToPersistentHashSet(null)),
        ];
        // A deliberate difference: SCI's CreateRange and ToImmutableHashSet forward to Union and report "other";
        // ours report their own parameters, "items" and "source".
        var ownName = new Dictionary<string, string> { ["CreateRange items"] = "items", ["CreateRange comparer items"] = "items", ["ToImmutableHashSet source"] = "source", ["ToImmutableHashSet source comparer"] = "source" };
        var mismatches = new List<string>();
        foreach (var (name, sciCall, oursCall) in cases)
        {
            var expected = Assert.ThrowsAny<ArgumentException>(sciCall);
            var actual = Assert.ThrowsAny<ArgumentException>(oursCall);
            string? expectedName = ownName.TryGetValue(name, out var own) ? own : expected.ParamName;
            if (expected.GetType() != actual.GetType() || expectedName != actual.ParamName)
            {
                mismatches.Add($"{name}: SCI {expected.GetType().Name}({expected.ParamName}), ours {actual.GetType().Name}({actual.ParamName})");
            }
        }

        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
    }

    [Fact]
    public void Every_factory_overload_matches_its_ImmutableHashSet_twin()
    {
        string[] items = ["a", "A", "b", null!, "B", "c"];
        void Same(IEnumerable<string> sci, PersistentHashSet<string> ours, IEqualityComparer<string> comparer, string what)
        {
            SameObjects(sci.Where(x => x is not null), ours.Where(x => x is not null), what);
            Assert.Equal(sci.Contains(null!), ours.Contains(null!));
            Assert.Same(comparer, ours.KeyComparer);
        }

        var ordinal = EqualityComparer<string>.Default;
        Same(ImmutableHashSet.Create<string>(), PersistentHashSet.Create<string>(), ordinal, "Create()");
        Same(ImmutableHashSet.Create<string>(IgnoreCase), PersistentHashSet.Create<string>(IgnoreCase), IgnoreCase, "Create(comparer)");
        Same(ImmutableHashSet.Create("A"), PersistentHashSet.Create("A"), ordinal, "Create(item)");
        Same(ImmutableHashSet.Create(IgnoreCase, "A"), PersistentHashSet.Create(IgnoreCase, "A"), IgnoreCase, "Create(comparer, item)");
        Same(ImmutableHashSet.Create(items), PersistentHashSet.Create(items), ordinal, "Create(params)");
        Same(ImmutableHashSet.Create(IgnoreCase, items), PersistentHashSet.Create(IgnoreCase, items), IgnoreCase, "Create(comparer, params)");
        Same(ImmutableHashSet.Create(items.AsSpan()), PersistentHashSet.Create((ReadOnlySpan<string>)items), ordinal, "Create(span)");
        Same(ImmutableHashSet.Create(IgnoreCase, items.AsSpan()), PersistentHashSet.Create(IgnoreCase, (ReadOnlySpan<string>)items), IgnoreCase, "Create(comparer, span)");
        Same(ImmutableHashSet.CreateRange(items), PersistentHashSet.CreateRange(items), ordinal, "CreateRange(items)");
        Same(ImmutableHashSet.CreateRange(IgnoreCase, items), PersistentHashSet.CreateRange(IgnoreCase, items), IgnoreCase, "CreateRange(comparer, items)");
        Same(items.ToImmutableHashSet(), items.ToPersistentHashSet(), ordinal, "ToPersistentHashSet()");
        Same(items.ToImmutableHashSet(IgnoreCase), items.ToPersistentHashSet(IgnoreCase), IgnoreCase, "ToPersistentHashSet(comparer)");
        var ob = PersistentHashSet.CreateBuilder<string>(IgnoreCase);
        var sb = ImmutableHashSet.CreateBuilder<string>(IgnoreCase);
        foreach (var item in items)
        {
            Assert.Equal(sb.Add(item), ob.Add(item));
        }

        Same(sb.ToImmutableHashSet(), ob.ToPersistentHashSet(), IgnoreCase, "Builder.ToPersistentHashSet()");
        Same(ImmutableHashSet.CreateBuilder<string>().ToImmutable(), PersistentHashSet.CreateBuilder<string>().ToImmutable(), ordinal, "CreateBuilder()");

        // A set already under the requested comparer is returned as it is.
        var set = PersistentHashSet.CreateRange(IgnoreCase, items);
        Assert.Same(set, PersistentHashSet.CreateRange(IgnoreCase, set));
        Assert.Same(set, set.ToPersistentHashSet(IgnoreCase));
    }

    [Fact]
    public void The_mutating_interface_members_of_the_value_throw_NotSupportedException_as_ImmutableHashSet_does()
    {
        ISet<int> sci = ImmutableHashSet.Create(1, 2);
        ISet<int> ours = PersistentHashSet.Create(1, 2);
        foreach (var set in new[] { sci, ours })
        {
            Assert.True(set.IsReadOnly);
            Assert.Throws<NotSupportedException>(() => set.Add(3));
            Assert.Throws<NotSupportedException>(() => set.UnionWith([3]));
            Assert.Throws<NotSupportedException>(() => set.IntersectWith([3]));
            Assert.Throws<NotSupportedException>(() => set.ExceptWith([3]));
            Assert.Throws<NotSupportedException>(() => set.SymmetricExceptWith([3]));
            Assert.Throws<NotSupportedException>(() => ((ICollection<int>)set).Add(3));
            Assert.Throws<NotSupportedException>(() => set.Remove(1));
            Assert.Throws<NotSupportedException>(() => set.Clear());
        }

        Assert.Equal(2, ours.Count);
        Assert.False(((ICollection<int>)ImmutableHashSet.CreateBuilder<int>()).IsReadOnly);
        Assert.False(((ICollection<int>)PersistentHashSet.CreateBuilder<int>()).IsReadOnly);
    }

    [Fact]
    public void Builder_enumerators_are_invalidated_by_a_change_and_Current_before_MoveNext_is_default()
    {
        var sb = ImmutableHashSet.CreateBuilder<int>();
        var ob = PersistentHashSet.CreateBuilder<int>();
        sb.UnionWith([1, 2, 3]);
        ob.UnionWith([1, 2, 3]);
        foreach (Action<ISet<int>> change in new Action<ISet<int>>[] { b => b.Add(9), b => b.Remove(1), b => b.Clear(), b => b.UnionWith([10]), b => b.ExceptWith([2]) })
        {
            foreach (ISet<int> b in new ISet<int>[] { sb, ob })
            {
                b.UnionWith([1, 2, 3]);
                var e = b.GetEnumerator();
                Assert.True(e.MoveNext());
                change(b);
                Assert.Throws<InvalidOperationException>(() => e.MoveNext());
            }
        }

        // A deliberate difference: SCI's builder invalidates its enumerators on a call that changes nothing;
        // ours only when the contents change (the builder's version moves on a real edit only).
        ob.UnionWith([1]);
        var unchanged = ob.GetEnumerator();
        ob.Add(1);
        ob.Remove(12345);
        ob.UnionWith([1]);
        Assert.True(unchanged.MoveNext());

        // Current before MoveNext and after the end throws as SCI's does (value and builder, generic and not).
        IEnumerator[] sciEnumerators = [ImmutableHashSet.Create(5).GetEnumerator(), ImmutableHashSet.Create(5).ToBuilder().GetEnumerator()];
        IEnumerator[] ourEnumerators = [PersistentHashSet.Create(5).GetEnumerator(), PersistentHashSet.Create(5).ToBuilder().GetEnumerator()];
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(Thrown(() => sciEnumerators[i].Current), Thrown(() => ourEnumerators[i].Current));
            Assert.NotNull(Thrown(() => ourEnumerators[i].Current));
            Assert.True(sciEnumerators[i].MoveNext() && ourEnumerators[i].MoveNext());
            Assert.Equal(sciEnumerators[i].Current, ourEnumerators[i].Current);
            Assert.False(sciEnumerators[i].MoveNext() || ourEnumerators[i].MoveNext());
            Assert.Equal(Thrown(() => sciEnumerators[i].Current), Thrown(() => ourEnumerators[i].Current));
        }
    }

    private static Type? Thrown(Func<object?> read)
    {
        try
        {
            _ = read();
            return null;
        }
        catch (Exception e)
        {
            return e.GetType();
        }
    }

    [Fact]
    public void Collection_expressions_and_ICollection_CopyTo_match_ImmutableHashSet()
    {
        PersistentHashSet<int> ours = [1, 2, 2, 3];
        ImmutableHashSet<int> sci = [1, 2, 2, 3];
        Assert.Equal(sci.Count, ours.Count);
        Assert.True(ours.SetEquals(sci));
        PersistentHashSet<int> empty = [];
        Assert.Same(PersistentHashSet<int>.Empty, empty);

        var sciArray = new object[4];
        var ourArray = new object[4];
        ((ICollection)sci).CopyTo(sciArray, 1);
        ((ICollection)ours).CopyTo(ourArray, 1);
        Assert.Null(ourArray[0]);
        Assert.Equal(sciArray.Skip(1).OrderBy(x => (int)x), ourArray.Skip(1).OrderBy(x => (int)x));
        var typed = new int[4];
        ours.CopyTo(typed, 1);
        Assert.Equal([0, 1, 2, 3], typed.Order());
        // A difference: SCI throws ArgumentOutOfRangeException for a target too small; ours throws ArgumentException
        // naming the array, as List<T>.CopyTo and the library's other collections do.
        Assert.IsType<ArgumentOutOfRangeException>(Assert.ThrowsAny<ArgumentException>(() => ((ICollection<int>)sci).CopyTo(new int[3], 1)));
        var ourTooSmall = Assert.Throws<ArgumentException>(() => ours.CopyTo(new int[3], 1));
        Assert.Equal("array", ourTooSmall.ParamName);
        Assert.Equal(typeof(ArgumentException), Assert.ThrowsAny<ArgumentException>(() => new List<int> { 1, 2, 3 }.CopyTo(new int[3], 1)).GetType());
    }
}
