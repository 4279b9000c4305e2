using System.Collections.Frozen;
using System.Collections.Immutable;
using FSharpx.Collections;
using LanguageExt;

namespace CowCollections.Benchmarks;

/// <summary>
/// Keys and prebuilt maps shared by every dictionary benchmark. One instance lives at a time (per key type
/// and size): with <c>--inProcess</c> all cases of one size reuse it, so the 1M setup is paid once per class
/// and size, and each map is built only when a benchmark asks for it.
/// </summary>
public sealed class DictionaryData<TKey>
    where TKey : notnull
{
    public const int Probes = 1024;

    private static object? s_current;

    private readonly Lazy<Dictionary<TKey, int>> _dictionary;
    private readonly Lazy<FrozenDictionary<TKey, int>> _frozen;
    private readonly Lazy<ImmutableDictionary<TKey, int>> _immutable;
    private readonly Lazy<HashMap<TKey, int>> _languageExt;
    private readonly Lazy<PersistentHashMap<TKey, int>> _fsharpx;
    private readonly Lazy<PersistentDictionary<TKey, int>> _persistent;

    private DictionaryData(int count)
    {
        Count = count;
        var rng = new Random(42);
        var all = MakeKeys(count + Probes, rng);
        Keys = all[..count];
        Missing = all[count..];
        Hits = new TKey[Probes];
        for (int i = 0; i < Probes; i++)
        {
            Hits[i] = Keys[rng.Next(count)];
        }

        _dictionary = new(() => Keys.ToDictionary(k => k, _ => 1));
        _frozen = new(() => Dictionary.ToFrozenDictionary());
        _immutable = new(() => Keys.ToImmutableDictionary(k => k, _ => 1));
        _languageExt = new(() => Prelude.toHashMap(Keys.Select(k => (k, 1))));
        _fsharpx = new(() => PersistentHashMap.ofSeq(Keys.Select(k => Tuple.Create(k, 1))));
        _persistent = new(() => Keys.ToPersistentDictionary(k => k, _ => 1));
    }

    public int Count { get; }

    /// <summary>The keys present in every map, in random order.</summary>
    public TKey[] Keys { get; }

    /// <summary><see cref="Probes"/> keys absent from every map.</summary>
    public TKey[] Missing { get; }

    /// <summary><see cref="Probes"/> random present keys.</summary>
    public TKey[] Hits { get; }

    public Dictionary<TKey, int> Dictionary => _dictionary.Value;

    public FrozenDictionary<TKey, int> Frozen => _frozen.Value;

    public ImmutableDictionary<TKey, int> Immutable => _immutable.Value;

    public HashMap<TKey, int> LanguageExt => _languageExt.Value;

    public PersistentHashMap<TKey, int> FSharpx => _fsharpx.Value;

    public PersistentDictionary<TKey, int> Persistent => _persistent.Value;

    public static DictionaryData<TKey> Get(int count)
    {
        if (s_current is DictionaryData<TKey> data && data.Count == count)
        {
            return data;
        }

        s_current = null;
        GC.Collect();
        data = new DictionaryData<TKey>(count);
        s_current = data;
        return data;
    }

    /// <summary>Distinct random keys: ints, or 16-character strings.</summary>
    private static TKey[] MakeKeys(int count, Random rng)
    {
        if (typeof(TKey) == typeof(int))
        {
            var set = new System.Collections.Generic.HashSet<int>(count);
            while (set.Count < count)
            {
                set.Add(rng.Next());
            }

            return (TKey[])(object)set.ToArray();
        }

        if (typeof(TKey) == typeof(string))
        {
            const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
            var set = new System.Collections.Generic.HashSet<string>(count);
            Span<char> buffer = stackalloc char[16];
            while (set.Count < count)
            {
                for (int i = 0; i < buffer.Length; i++)
                {
                    buffer[i] = Alphabet[rng.Next(Alphabet.Length)];
                }

                set.Add(new string(buffer));
            }

            return (TKey[])(object)set.ToArray();
        }

        throw new NotSupportedException(typeof(TKey).Name);
    }
}
