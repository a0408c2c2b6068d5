namespace ShelfCloud.Infrastructure.Vectors;

/// <summary>
/// Keeps the best <see cref="Capacity"/> (score, row) pairs seen. Ties go to the lower row, which makes
/// results independent of how a scan was split into parts and merged.
/// </summary>
internal sealed class TopKHeap
{
    private readonly float[] _scores;
    private readonly int[] _rows;

    public TopKHeap(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _scores = new float[capacity];
        _rows = new int[capacity];
    }

    public int Capacity => _scores.Length;

    public int Count { get; private set; }

    /// <summary>A score must beat this to enter; negative infinity until the heap is full.</summary>
    public float Threshold => Count < Capacity ? float.NegativeInfinity : _scores[0];

    public void Offer(float score, int row)
    {
        if (Count < Capacity)
        {
            _scores[Count] = score;
            _rows[Count] = row;
            SiftUp(Count++);
            return;
        }

        if (!IsWorse(_scores[0], _rows[0], score, row))
        {
            return;
        }

        _scores[0] = score;
        _rows[0] = row;
        SiftDown(0);
    }

    /// <summary>Adds every entry of <paramref name="other"/> to this heap.</summary>
    public void Merge(TopKHeap other)
    {
        for (var i = 0; i < other.Count; i++)
        {
            Offer(other._scores[i], other._rows[i]);
        }
    }

    /// <summary>The kept rows, in no particular order.</summary>
    public ReadOnlySpan<int> Rows => _rows.AsSpan(0, Count);

    /// <summary>Empties the heap into the spans, best first; returns how many were written.</summary>
    public int DrainBestFirst(Span<float> scores, Span<int> rows)
    {
        var written = Count;
        while (Count > 0)
        {
            var last = Count - 1;
            scores[last] = _scores[0];
            rows[last] = _rows[0];
            Count--;
            _scores[0] = _scores[Count];
            _rows[0] = _rows[Count];
            SiftDown(0);
        }

        return written;
    }

    // The root is the worst kept entry: lower score, or equal score and higher row.
    private static bool IsWorse(float score, int row, float otherScore, int otherRow) =>
        score < otherScore || (score == otherScore && row > otherRow);

    private void SiftUp(int index)
    {
        while (index > 0)
        {
            var parent = (index - 1) / 2;
            if (!IsWorse(_scores[index], _rows[index], _scores[parent], _rows[parent]))
            {
                return;
            }

            Swap(index, parent);
            index = parent;
        }
    }

    private void SiftDown(int index)
    {
        while (true)
        {
            var left = (2 * index) + 1;
            if (left >= Count)
            {
                return;
            }

            var worst = left;
            var right = left + 1;
            if (right < Count && IsWorse(_scores[right], _rows[right], _scores[left], _rows[left]))
            {
                worst = right;
            }

            if (!IsWorse(_scores[worst], _rows[worst], _scores[index], _rows[index]))
            {
                return;
            }

            Swap(index, worst);
            index = worst;
        }
    }

    private void Swap(int a, int b)
    {
        (_scores[a], _scores[b]) = (_scores[b], _scores[a]);
        (_rows[a], _rows[b]) = (_rows[b], _rows[a]);
    }
}
