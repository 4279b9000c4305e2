using System.Collections.Frozen;
using System.Collections.Immutable;
using LanguageExt;

namespace CowCollections.Benchmarks;

/// <summary>
/// Elements and prebuilt sets shared by every set benchmark (one instance per element type and size, like
/// <see cref="DictionaryData{TKey}"/>). The keys are the dictionary suite's: distinct random ints or 16-character strings.
/// For Union, <c>B</c> of each contender is made from its <c>A</c> the same way: <see cref="Changes"/>/2 elements
/// removed and <see cref="Changes"/>/2 new ones added, so the two versions differ in 1% of their elements.
/// </summary>
public sealed class SetData<T>
    where T : notnull
{
    public const int Probes = DictionaryData<int>.Probes;

    private static object? s_current;

    private readonly Lazy<System.Collections.Generic.HashSet<T>> _hashSet;
    private readonly Lazy<FrozenSet<T>> _frozen;
    private readonly Lazy<ImmutableHashSet<T>> _immutable;
    private readonly Lazy<LanguageExt.HashSet<T>> _languageExt;
    private readonly Lazy<PersistentHashSet<T>> _persistent;

    private SetData(int count)
    {
        var dictionaryData = DictionaryData<T>.Get(count);
        Count = count;
        Keys = dictionaryData.Keys;
        Missing = dictionaryData.Missing;
        Hits = dictionaryData.Hits;
        Changes = Math.Max(2, count / 100);
        Removed = Keys[..(Changes / 2)];
        Added = MakeAbsent(Changes / 2);
        _hashSet = new(() => new System.Collections.Generic.HashSet<T>(Keys));
        _frozen = new(() => Keys.ToFrozenSet());
        _immutable = new(() => Keys.ToImmutableHashSet());
        _languageExt = new(() => Prelude.toHashSet(Keys));
        _persistent = new(() => Keys.ToPersistentHashSet());
    }

    public int Count { get; }

    public T[] Keys { get; }

    /// <summary><see cref="Probes"/> elements absent from every set.</summary>
    public T[] Missing { get; }

    /// <summary><see cref="Probes"/> random present elements.</summary>
    public T[] Hits { get; }

    /// <summary>How many elements the Union operands differ in (1% of <see cref="Count"/>).</summary>
    public int Changes { get; }

    /// <summary>The elements of A that B lacks.</summary>
    public T[] Removed { get; }

    /// <summary>The elements of B that A lacks.</summary>
    public T[] Added { get; }

    /// <summary>The size of A ∪ B.</summary>
    public int UnionCount => Count + Added.Length;

    public System.Collections.Generic.HashSet<T> HashSet => _hashSet.Value;

    public FrozenSet<T> Frozen => _frozen.Value;

    public ImmutableHashSet<T> Immutable => _immutable.Value;

    public LanguageExt.HashSet<T> LanguageExt => _languageExt.Value;

    public PersistentHashSet<T> Persistent => _persistent.Value;

    public static SetData<T> Get(int count)
    {
        if (s_current is SetData<T> data && data.Count == count)
        {
            return data;
        }

        s_current = null;
        GC.Collect();
        data = new SetData<T>(count);
        s_current = data;
        return data;
    }

    /// <summary><paramref name="count"/> distinct elements absent from <see cref="Keys"/> and <see cref="Missing"/> (Missing holds only <see cref="Probes"/>).</summary>
    private T[] MakeAbsent(int count)
    {
        var taken = new System.Collections.Generic.HashSet<T>(Keys);
        taken.UnionWith(Missing);
        var rng = new Random(7);
        var result = new List<T>(count);
        const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        while (result.Count < count)
        {
            T item = typeof(T) == typeof(int)
                ? (T)(object)rng.Next()
                : (T)(object)new string(Enumerable.Range(0, 16).Select(_ => Alphabet[rng.Next(Alphabet.Length)]).ToArray());
            if (taken.Add(item))
            {
                result.Add(item);
            }
        }

        return [.. result];
    }

    /// <summary>Throws when a contender's result is not the expected one, so a benchmark cannot measure the wrong work.</summary>
    public static void Check(string contender, long actual, long expected)
    {
        if (actual != expected)
        {
            throw new InvalidOperationException($"{contender}: got {actual}, expected {expected}");
        }
    }
}
