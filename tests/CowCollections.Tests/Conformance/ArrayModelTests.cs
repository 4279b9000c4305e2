using System.Collections.Immutable;
using CowCollections.Internal;
using CowCollections.Internal.ChunkedArray;
using CowCollections.Tests.Arrays;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CowCollections.Tests.Conformance;

/// <summary>One random step; the fields are reduced modulo the current length when it runs.</summary>
public sealed record ArrayOp(int Kind, int A, int B, int C);

/// <summary>A start length (an index into the boundary lengths) and the steps to run.</summary>
public sealed record ArrayScenario(int Start, bool Zeroed, ArrayOp[] Ops);

/// <summary>
/// Model-based tests: random sequences of every write (persistent, batch, fill, resize, builder, the
/// length-changing <c>IImmutableList</c> members) against a <c>T[]</c> model, at lengths on both sides of
/// every chunk boundary and of the trie's levels, for <c>byte</c>, <c>int</c>, a reference type and a
/// 64-byte struct. After every step the chunk and trie invariants are deep-checked, and at the end every
/// version ever produced must still equal its model (persistence). A failure prints FsCheck's
/// <c>Replay</c> seed; paste it into <c>[Property(Replay = "...")]</c> to rerun that case.
/// </summary>
public class ArrayModelTests
{
    internal static Arbitrary<ArrayScenario> Scenarios(int lengthCount, int maxOps)
    {
        var big = Gen.Choose(0, 1 << 30);
        var op = from kind in Gen.Choose(0, 11)
                 from a in big
                 from b in big
                 from c in big
                 select new ArrayOp(kind, a, b, c);
        var gen = from start in Gen.Choose(0, lengthCount - 1)
                  from zeroed in Gen.Elements(true, false)
                  from n in Gen.Choose(1, maxOps)
                  from ops in Gen.ArrayOf(op, n)
                  select new ArrayScenario(start, zeroed, ops);
        return gen.ToArbitrary();
    }

    /// <summary>0, 1, 2, and both sides of 1, 2, 5, 32 (the chunk directory's first trie level) and 64 chunks.</summary>
    internal static int[] BoundaryLengths<T>(bool deep)
    {
        int cs = PersistentArray<T>.ChunkSize;
        var lengths = new List<int> { 0, 1, 2, cs - 1, cs, cs + 1, 2 * cs - 1, 2 * cs, 2 * cs + 1, 5 * cs + 3, 32 * cs - 1, 32 * cs, 32 * cs + 1, 33 * cs, 64 * cs + cs / 2 + 1 };
        if (deep)
        {
            // 32 x 32 chunks fill a two-level trie (plus the 32-chunk tail); one more chunk adds a level.
            lengths.AddRange([1056 * cs, 1056 * cs + 1, 1090 * cs + 3]);
        }

        return [.. lengths];
    }

    [Property(MaxTest = 40)]
    public Property Bytes_behave_like_an_array() => Run<byte>(Elements.Byte, deep: false);

    [Property(MaxTest = 40)]
    public Property Ints_behave_like_an_array() => Run<int>(Elements.Int, deep: false);

    [Property(MaxTest = 40)]
    public Property References_behave_like_an_array() => Run<string>(Elements.Ref, deep: false);

    [Property(MaxTest = 40)]
    public Property Big_structs_behave_like_an_array() => Run<Big64>(Elements.Big, deep: true);

    private static Property Run<T>(Func<int, T> make, bool deep)
    {
        var lengths = BoundaryLengths<T>(deep);
        return Prop.ForAll(Scenarios(lengths.Length, 16), s => new ArrayModel<T>(make, lengths).Run(s));
    }
}

/// <summary>Runs one scenario against a <c>T[]</c> model.</summary>
internal sealed class ArrayModel<T>(Func<int, T> make, int[] lengths)
{
    private static readonly EqualityComparer<T> Eq = EqualityComparer<T>.Default;
    private readonly List<(PersistentArray<T> Array, T[] Model)> _versions = [];
    private PersistentArray<T>.Builder? _builder;
    private T[]? _builderModel;

    public void Run(ArrayScenario s)
    {
        int length = lengths[s.Start];
        var model = s.Zeroed ? new T[length] : Enumerable.Range(0, length).Select(make).ToArray();
        var array = s.Zeroed ? PersistentArray.Create<T>(length) : PersistentArray.Create<T>(model);
        Verify(array, model, "create");
        _versions.Add((array, model));
        int step = 0;
        foreach (var op in s.Ops)
        {
            (array, model) = Apply(array, model, op);
            Verify(array, model, $"step {step++} {op}");
            _versions.Add((array, (T[])model.Clone()));
            if (_builder is not null)
            {
                ChunkChecker<T, ArrayDirectoryGeometry>.Check(_builder.Core);
                Assert.Equal(_builderModel!, _builder.ToArray());
            }
        }

        foreach (var (version, expected) in _versions)
        {
            Assert.Equal(expected, version.ToArray());
        }
    }

    private (PersistentArray<T>, T[]) Apply(PersistentArray<T> array, T[] model, ArrayOp op)
    {
        int n = model.Length;
        var rng = new Random(op.C);
        switch (op.Kind)
        {
            case 0 or 1 when n > 0:
            {
                int i = op.A % n;
                var next = (T[])model.Clone();
                next[i] = make(op.B);
                return (array.SetItem(i, next[i]), next);
            }

            case 2 when n > 0:
            {
                var next = (T[])model.Clone();
                var pairs = new List<KeyValuePair<int, T>>();
                int count = 1 + op.B % 40;
                for (int k = 0; k < count; k++)
                {
                    int i = (op.B & 1) == 0 ? rng.Next(n) : (op.A + k) % n;
                    var v = make(rng.Next());
                    pairs.Add(new(i, v));
                    next[i] = v;
                }

                return ((op.A & 1) == 0 ? array.SetItems(pairs) : array.SetItems(pairs.ToArray().AsSpan()), next);
            }

            case 3:
            {
                var v = (op.B & 3) == 0 ? default! : make(op.B);
                if ((op.A & 1) == 0)
                {
                    return (array.Fill(v), Enumerable.Repeat(v, n).ToArray());
                }

                int start = n == 0 ? 0 : op.A % (n + 1);
                int count = (n - start) == 0 ? 0 : op.C % (n - start + 1);
                var next = (T[])model.Clone();
                next.AsSpan(start, count).Fill(v);
                return (array.Fill(v, start, count), next);
            }

            case 4:
            {
                int newLength = lengths[op.A % lengths.Length];
                return (array.Resize(newLength), Resized(model, newLength));
            }

            case 5:
            {
                int newLength = Math.Max(0, n + (op.A % 7) - 3);
                return (array.Resize(newLength), Resized(model, newLength));
            }

            case 6 when n > 0:
            {
                int index = op.A % n;
                int count = op.B % (n - index + 1);
                var values = Enumerable.Range(op.C % 1000, count).Select(make).ToArray();
                var next = (T[])model.Clone();
                values.CopyTo(next, index);
                return (array.SetRange(index, values), next);
            }

            case 7 or 8 when n > 0:
            {
                // Builder writes: in-place after the first copy of a chunk; the published array never changes.
                if (_builder is null || _builderModel!.Length != n || op.Kind == 7)
                {
                    _builder = array.ToBuilder();
                    _builderModel = (T[])model.Clone();
                }

                int writes = 1 + op.B % 50;
                for (int k = 0; k < writes; k++)
                {
                    int i = (op.C & 1) == 0 ? rng.Next(n) : (op.A + k) % n;
                    var v = make(rng.Next());
                    if ((k & 3) == 3)
                    {
                        _builder.WritableRef(i) = v;
                    }
                    else
                    {
                        _builder[i] = v;
                    }

                    _builderModel[i] = v;
                }

                if ((op.A & 3) == 1)
                {
                    _builder.Fill(make(op.A), op.A % n, (op.B % (n - op.A % n)) + 1);
                    _builderModel.AsSpan(op.A % n, (op.B % (n - op.A % n)) + 1).Fill(make(op.A));
                }

                var published = _builder.ToImmutable();
                Assert.Same(published, _builder.ToImmutable());
                var publishedModel = (T[])_builderModel.Clone();
                if ((op.A & 2) == 0)
                {
                    // Keep writing after publication: the published version must not move.
                    int i = op.B % n;
                    _builder[i] = make(op.C);
                    _builderModel[i] = make(op.C);
                    Assert.Equal(publishedModel, published.ToArray());
                }

                return (published, publishedModel);
            }

            case 9:
            {
                // IImmutableList members that change the length.
                IImmutableList<T> list = array;
                var v = make(op.B);
                return (op.A % 4) switch
                {
                    0 => ((PersistentArray<T>)list.Add(v), [.. model, v]),
                    1 when n > 0 => ((PersistentArray<T>)list.RemoveAt(op.B % n), [.. model.Take(op.B % n), .. model.Skip((op.B % n) + 1)]),
                    2 => ((PersistentArray<T>)list.Insert(op.B % (n + 1), v), [.. model.Take(op.B % (n + 1)), v, .. model.Skip(op.B % (n + 1))]),
                    _ => ((PersistentArray<T>)list.AddRange([v, v]), [.. model, v, v]),
                };
            }

            case 10 when n > 0:
            {
                int i = op.A % n;
                Assert.Equal(model[i], array[i]);
                Assert.Equal(model[i], array.ItemRef(i));
                Assert.Equal(System.Array.IndexOf(model, model[i]), array.IndexOf(model[i]));
                Assert.Equal(System.Array.LastIndexOf(model, model[i]), array.LastIndexOf(model[i]));
                return (array, model);
            }

            default:
            {
                var copy = PersistentArray.Create<T>(model);
                Assert.True(array.SequenceEqual(copy));
                if (n > 0)
                {
                    var changed = array.SetItem(op.A % n, make(op.B));
                    Assert.Equal(Eq.Equals(model[op.A % n], make(op.B)), array.SequenceEqual(changed));
                }

                return (array, model);
            }
        }
    }

    private static T[] Resized(T[] model, int newLength)
    {
        var next = new T[newLength];
        model.AsSpan(0, Math.Min(newLength, model.Length)).CopyTo(next);
        return next;
    }

    private static void Verify(PersistentArray<T> array, T[] model, string where)
    {
        ChunkChecker<T, ArrayDirectoryGeometry>.Check(array.Core);
        Assert.True(model.Length == array.Length, $"{where}: length {array.Length}, model {model.Length}");
        Assert.Equal(model, array.ToArray());
        int at = 0;
        foreach (var x in array)
        {
            Assert.True(Eq.Equals(model[at], x), $"{where}: enumerator differs at {at}");
            at++;
        }

        Assert.Equal(model.Length, at);
        at = 0;
        foreach (var chunk in array.Chunks)
        {
            Assert.True(chunk.SequenceEqual(model.AsSpan(at, chunk.Length)), $"{where}: chunk at {at} differs");
            at += chunk.Length;
        }

        Assert.Equal(model.Length, at);
        if (model.Length > 0)
        {
            int last = model.Length - 1;
            Assert.Equal(model[last], array[last]);
            Assert.Equal(model[last / 2], array[last / 2]);
        }

        Assert.Equal(array.ChunkCount <= 1, array.TryGetSpan(out var span));
        if (array.ChunkCount <= 1)
        {
            Assert.True(span.SequenceEqual(model));
        }
    }
}
