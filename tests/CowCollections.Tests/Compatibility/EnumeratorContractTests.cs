using System.Collections;
using System.Collections.Immutable;

namespace CowCollections.Tests.Compatibility;

/// <summary>
/// Enumerator contracts compared with System.Collections.Immutable on the same inputs: <c>Current</c> before
/// <c>MoveNext</c> and after the end, and default-constructed enumerators.
/// </summary>
public sealed class EnumeratorContractTests
{
    /// <summary>Sizes that cover the empty collection, a flat list, and a list with a tree (more than one leaf).</summary>
    public static TheoryData<int> Sizes => new([0, 2, 200]);

    private static int[] Items(int count) => Enumerable.Range(1, count).ToArray();

    /// <summary>The exception type thrown by <paramref name="read"/>, or null when it returns.</summary>
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

    private static void DrainThenCurrentThrowsLikeOracle(IEnumerator ours, IEnumerator oracle)
    {
        Type? expected = Thrown(() => oracle.Current);
        Assert.Equal(typeof(InvalidOperationException), expected);
        Assert.Equal(expected, Thrown(() => ours.Current));
        while (oracle.MoveNext())
        {
            Assert.True(ours.MoveNext());
            Assert.Equal(oracle.Current, ours.Current);
        }

        Assert.False(ours.MoveNext());
        expected = Thrown(() => oracle.Current);
        Assert.Equal(typeof(InvalidOperationException), expected);
        Assert.Equal(expected, Thrown(() => ours.Current));
    }

    [Fact]
    public void Repro_NonGenericCurrentBeforeMoveNextThrowsInvalidOperation()
    {
        IEnumerator e = ((IEnumerable)PersistentList.Create(1, 2)).GetEnumerator();
        Assert.Throws<InvalidOperationException>(() => e.Current);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void List_NonGenericCurrent_OutsideTheSequence_ThrowsLikeImmutableList(int size)
    {
        var items = Items(size);
        DrainThenCurrentThrowsLikeOracle(
            ((IEnumerable)PersistentList.CreateRange(items)).GetEnumerator(),
            ((IEnumerable)ImmutableList.CreateRange(items)).GetEnumerator());
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void ListBuilder_NonGenericCurrent_OutsideTheSequence_ThrowsLikeImmutableListBuilder(int size)
    {
        var items = Items(size);
        DrainThenCurrentThrowsLikeOracle(
            ((IEnumerable)PersistentList.CreateRange(items).ToBuilder()).GetEnumerator(),
            ((IEnumerable)ImmutableList.CreateRange(items).ToBuilder()).GetEnumerator());
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Array_NonGenericCurrent_OutsideTheSequence_ThrowsLikeImmutableArray(int size)
    {
        var items = Items(size);
        DrainThenCurrentThrowsLikeOracle(
            ((IEnumerable)PersistentArray.Create<int>(items)).GetEnumerator(),
            ((IEnumerable)ImmutableArray.Create(items)).GetEnumerator());
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void ArrayBuilder_NonGenericCurrent_OutsideTheSequence_ThrowsLikeListOfT(int size)
    {
        // ImmutableArray<T>.Builder's enumerator is an iterator whose Current is unspecified outside the
        // sequence; List<T>'s non-generic Current throws InvalidOperationException, the common contract.
        var items = Items(size);
        DrainThenCurrentThrowsLikeOracle(
            ((IEnumerable)PersistentArray.Create<int>(items).ToBuilder()).GetEnumerator(),
            ((IEnumerable)new List<int>(items)).GetEnumerator());
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Dictionary_NonGenericCurrent_OutsideTheSequence_ThrowsLikeImmutableDictionary(int size)
    {
        var pairs = Items(size).Select(i => KeyValuePair.Create(i, -i)).ToArray();
        var ours = PersistentDictionary.CreateRange(pairs);
        var oracle = ImmutableDictionary.CreateRange(pairs);
        IEnumerator e = ((IEnumerable)ours).GetEnumerator();
        IEnumerator o = ((IEnumerable)oracle).GetEnumerator();
        Assert.Equal(Thrown(() => o.Current), Thrown(() => e.Current));
        int n = 0;
        while (e.MoveNext())
        {
            Assert.Contains((KeyValuePair<int, int>)e.Current!, oracle);
            n++;
        }

        Assert.Equal(size, n);
        while (o.MoveNext())
        {
        }

        Assert.Equal(typeof(InvalidOperationException), Thrown(() => o.Current));
        Assert.Equal(Thrown(() => o.Current), Thrown(() => e.Current));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void DictionaryBuilder_NonGenericCurrent_OutsideTheSequence_ThrowsLikeImmutableDictionaryBuilder(int size)
    {
        var pairs = Items(size).Select(i => KeyValuePair.Create(i, -i)).ToArray();
        IEnumerator e = ((IEnumerable)PersistentDictionary.CreateRange(pairs).ToBuilder()).GetEnumerator();
        IEnumerator o = ((IEnumerable)ImmutableDictionary.CreateRange(pairs).ToBuilder()).GetEnumerator();
        Assert.Equal(typeof(InvalidOperationException), Thrown(() => o.Current));
        Assert.Equal(Thrown(() => o.Current), Thrown(() => e.Current));
        while (e.MoveNext())
        {
        }

        while (o.MoveNext())
        {
        }

        Assert.Equal(Thrown(() => o.Current), Thrown(() => e.Current));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void GenericStructCurrent_OutsideTheSequence_ThrowsInvalidOperationLikeImmutableList(int size)
    {
        var items = Items(size);
        var pairs = items.Select(i => KeyValuePair.Create(i, -i)).ToArray();

        // The oracle: ImmutableList<T>.Enumerator and ImmutableDictionary's enumerator check their position.
        var oracleList = ImmutableList.CreateRange(items).GetEnumerator();
        var oracleDictionary = ImmutableDictionary.CreateRange(pairs).GetEnumerator();
        Assert.Equal(typeof(InvalidOperationException), Thrown(() => oracleList.Current));
        Assert.Equal(typeof(InvalidOperationException), Thrown(() => oracleDictionary.Current));

        var list = PersistentList.CreateRange(items).GetEnumerator();
        var listBuilder = PersistentList.CreateRange(items).ToBuilder().GetEnumerator();
        var array = PersistentArray.Create<int>(items).GetEnumerator();
        var arrayBuilder = PersistentArray.Create<int>(items).ToBuilder().GetEnumerator();
        var dictionary = PersistentDictionary.CreateRange(pairs).GetEnumerator();
        var dictionaryBuilder = PersistentDictionary.CreateRange(pairs).ToBuilder().GetEnumerator();
        for (int pass = 0; pass < 2; pass++)
        {
            Assert.Equal(typeof(InvalidOperationException), Thrown(() => list.Current));
            Assert.Equal(typeof(InvalidOperationException), Thrown(() => listBuilder.Current));
            Assert.Equal(typeof(InvalidOperationException), Thrown(() => array.Current));
            Assert.Equal(typeof(InvalidOperationException), Thrown(() => arrayBuilder.Current));
            Assert.Equal(typeof(InvalidOperationException), Thrown(() => dictionary.Current));
            Assert.Equal(typeof(InvalidOperationException), Thrown(() => dictionaryBuilder.Current));
            int n = 0;
            while (list.MoveNext() & listBuilder.MoveNext() & array.MoveNext() & arrayBuilder.MoveNext() & dictionary.MoveNext() & dictionaryBuilder.MoveNext())
            {
                n++;
                Assert.Equal(n, list.Current);
                Assert.Equal(n, listBuilder.Current);
                Assert.Equal(n, array.Current);
                Assert.Equal(n, arrayBuilder.Current);
                Assert.Equal(-dictionary.Current.Key, dictionary.Current.Value);
                Assert.Equal(-dictionaryBuilder.Current.Key, dictionaryBuilder.Current.Value);
            }

            Assert.Equal(size, n);
            Assert.Equal(typeof(InvalidOperationException), Thrown(() => list.Current));
            Assert.Equal(typeof(InvalidOperationException), Thrown(() => listBuilder.Current));
            Assert.Equal(typeof(InvalidOperationException), Thrown(() => array.Current));
            Assert.Equal(typeof(InvalidOperationException), Thrown(() => arrayBuilder.Current));
            Assert.Equal(typeof(InvalidOperationException), Thrown(() => dictionary.Current));
            Assert.Equal(typeof(InvalidOperationException), Thrown(() => dictionaryBuilder.Current));

            // Reset returns before the first element: Current throws again.
            list.Reset();
            listBuilder.Reset();
            array.Reset();
            arrayBuilder.Reset();
            dictionary.Reset();
            dictionaryBuilder.Reset();
        }
    }

    [Fact]
    public void DefaultEnumerators_MoveNextReturnsFalse_AndCurrentThrowsInvalidOperation()
    {
        var list = default(PersistentList<int>.Enumerator);
        var listBuilder = default(PersistentList<int>.Builder.Enumerator);
        var array = default(PersistentArray<int>.Enumerator);
        var arrayBuilder = default(PersistentArray<int>.Builder.Enumerator);
        var dictionary = default(PersistentDictionary<int, int>.Enumerator);
        var dictionaryBuilder = default(PersistentDictionary<int, int>.Builder.Enumerator);

        Assert.False(list.MoveNext());
        Assert.False(listBuilder.MoveNext());
        Assert.False(array.MoveNext());
        Assert.False(arrayBuilder.MoveNext());
        Assert.False(dictionary.MoveNext());
        Assert.False(dictionaryBuilder.MoveNext());

        Assert.Equal(typeof(InvalidOperationException), Thrown(() => list.Current));
        Assert.Equal(typeof(InvalidOperationException), Thrown(() => listBuilder.Current));
        Assert.Equal(typeof(InvalidOperationException), Thrown(() => array.Current));
        Assert.Equal(typeof(InvalidOperationException), Thrown(() => arrayBuilder.Current));
        Assert.Equal(typeof(InvalidOperationException), Thrown(() => dictionary.Current));
        Assert.Equal(typeof(InvalidOperationException), Thrown(() => dictionaryBuilder.Current));

        list.Reset();
        listBuilder.Reset();
        array.Reset();
        arrayBuilder.Reset();
        dictionary.Reset();
        dictionaryBuilder.Reset();
        Assert.False(list.MoveNext());
        Assert.False(listBuilder.MoveNext());
        Assert.False(array.MoveNext());
        Assert.False(arrayBuilder.MoveNext());
        Assert.False(dictionary.MoveNext());
        Assert.False(dictionaryBuilder.MoveNext());
    }
}
