using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CowCollections.Benchmarks.ChampLayout;

/// <summary>
/// Layout lab, candidate "one array": a node is one <c>Slot[]</c>. Slot 0 is the header (data map in
/// <c>Hash</c>, node map in <c>Aux</c>); then the inline entries in data-map order; then the sub-nodes (in
/// <c>Ref</c>) in node-map order. A lookup follows one reference per level. Every slot pays for the union
/// of an entry and a reference. Persistent insertion only: enough to build and to time <c>SetItem</c>.
/// </summary>
public static class UnionLayout<TKey, TValue>
    where TKey : notnull
{
    public struct Slot
    {
        public TKey Key;
        public TValue Value;
        public uint Hash;
        public uint Aux;
        public object? Ref;
    }

    public static readonly Slot[] Empty = new Slot[1];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryGet(Slot[] node, TKey key, out TValue value)
    {
        uint hash = (uint)EqualityComparer<TKey>.Default.GetHashCode(key);
        int shift = 0;
        while (true)
        {
            ref Slot head = ref MemoryMarshal.GetArrayDataReference(node);
            uint bit = 1u << (int)((hash >> shift) & 31);
            uint dataMap = head.Hash;
            if ((dataMap & bit) != 0)
            {
                ref Slot entry = ref Unsafe.Add(ref head, 1 + BitOperations.PopCount(dataMap & (bit - 1)));
                if (entry.Hash == hash && EqualityComparer<TKey>.Default.Equals(entry.Key, key))
                {
                    value = entry.Value;
                    return true;
                }

                break;
            }

            uint nodeMap = head.Aux;
            if ((nodeMap & bit) == 0)
            {
                break;
            }

            node = Unsafe.As<Slot[]>(Unsafe.Add(ref head, 1 + BitOperations.PopCount(dataMap) + BitOperations.PopCount(nodeMap & (bit - 1))).Ref)!;
            shift += 5;
            if (shift >= 35)
            {
                return InCollision(node, key, hash, out value);
            }
        }

        value = default!;
        return false;
    }

    private static bool InCollision(Slot[] node, TKey key, uint hash, out TValue value)
    {
        for (int i = 1; i < node.Length; i++)
        {
            if (node[i].Hash == hash && EqualityComparer<TKey>.Default.Equals(node[i].Key, key))
            {
                value = node[i].Value;
                return true;
            }
        }

        value = default!;
        return false;
    }

    public static Slot[] Set(Slot[] node, TKey key, TValue value) =>
        Set(node, new Slot { Key = key, Value = value, Hash = (uint)EqualityComparer<TKey>.Default.GetHashCode(key) }, 0);

    private static Slot[] Set(Slot[] node, in Slot entry, int shift)
    {
        if (shift >= 35)
        {
            return Insert(node, node.Length, entry);
        }

        uint dataMap = node[0].Hash, nodeMap = node[0].Aux;
        uint bit = 1u << (int)((entry.Hash >> shift) & 31);
        int entries = BitOperations.PopCount(dataMap);
        if ((dataMap & bit) != 0)
        {
            int at = 1 + BitOperations.PopCount(dataMap & (bit - 1));
            if (node[at].Hash == entry.Hash && EqualityComparer<TKey>.Default.Equals(node[at].Key, entry.Key))
            {
                var copy = (Slot[])node.Clone();
                copy[at] = entry;
                return copy;
            }

            var child = Two(node[at], entry, shift + 5);
            // The entry at `at` leaves; the child goes into the node region at its node-map position.
            var result = new Slot[node.Length];
            int nodeAt = 1 + entries - 1 + BitOperations.PopCount(nodeMap & (bit - 1));
            Array.Copy(node, 0, result, 0, at);
            Array.Copy(node, at + 1, result, at, nodeAt - at);
            result[nodeAt] = new Slot { Ref = child };
            Array.Copy(node, nodeAt + 1, result, nodeAt + 1, node.Length - nodeAt - 1);
            result[0].Hash = dataMap ^ bit;
            result[0].Aux = nodeMap | bit;
            return result;
        }

        if ((nodeMap & bit) != 0)
        {
            int at = 1 + entries + BitOperations.PopCount(nodeMap & (bit - 1));
            var newChild = Set((Slot[])node[at].Ref!, entry, shift + 5);
            var copy = (Slot[])node.Clone();
            copy[at].Ref = newChild;
            return copy;
        }

        var grown = Insert(node, 1 + BitOperations.PopCount(dataMap & (bit - 1)), entry);
        grown[0].Hash = dataMap | bit;
        return grown;
    }

    private static Slot[] Two(in Slot a, in Slot b, int shift)
    {
        if (shift >= 35)
        {
            return [default, a, b];
        }

        uint bitA = 1u << (int)((a.Hash >> shift) & 31), bitB = 1u << (int)((b.Hash >> shift) & 31);
        if (bitA != bitB)
        {
            var pair = bitA < bitB ? new[] { default, a, b } : new[] { default, b, a };
            pair[0].Hash = bitA | bitB;
            return pair;
        }

        var node = new Slot[2];
        node[0].Aux = bitA;
        node[1].Ref = Two(a, b, shift + 5);
        return node;
    }

    private static Slot[] Insert(Slot[] source, int index, in Slot item)
    {
        var result = new Slot[source.Length + 1];
        Array.Copy(source, result, index);
        result[index] = item;
        Array.Copy(source, index, result, index + 1, source.Length - index);
        return result;
    }
}
