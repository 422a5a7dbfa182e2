using System;
using System.Collections.Generic;
using System.Text;

namespace Gateway.Benchmarks
{
    /// <summary>A GitHub markdown table, printed with aligned columns so it reads in a terminal and pastes into README.</summary>
    public sealed class MarkdownTable
    {
        private readonly string[] _headers;
        private readonly bool[] _rightAligned;
        private readonly List<string[]> _rows = new();

        /// <param name="headers">Column headers; a header ending in ">" is right-aligned (the ">" is not printed).</param>
        public MarkdownTable(params string[] headers)
        {
            _headers = new string[headers.Length];
            _rightAligned = new bool[headers.Length];
            for (int i = 0; i < headers.Length; i++)
            {
                _rightAligned[i] = headers[i].EndsWith('>');
                _headers[i] = _rightAligned[i] ? headers[i][..^1] : headers[i];
            }
        }

        public void Add(params string[] cells)
        {
            if (cells.Length != _headers.Length)
            {
                throw new ArgumentException($"row has {cells.Length} cells, the table has {_headers.Length} columns", nameof(cells));
            }
            _rows.Add(cells);
        }

        public override string ToString()
        {
            var widths = new int[_headers.Length];
            for (int c = 0; c < _headers.Length; c++)
            {
                widths[c] = Math.Max(3, _headers[c].Length);
                foreach (string[] row in _rows)
                {
                    widths[c] = Math.Max(widths[c], row[c].Length);
                }
            }
            var text = new StringBuilder();
            AppendRow(text, _headers, widths);
            text.Append('|');
            for (int c = 0; c < _headers.Length; c++)
            {
                text.Append(' ').Append(new string('-', widths[c] - 1)).Append(_rightAligned[c] ? ':' : '-').Append(" |");
            }
            text.AppendLine();
            foreach (string[] row in _rows)
            {
                AppendRow(text, row, widths);
            }
            return text.ToString();
        }

        private void AppendRow(StringBuilder text, string[] cells, int[] widths)
        {
            text.Append('|');
            for (int c = 0; c < cells.Length; c++)
            {
                text.Append(' ').Append(_rightAligned[c] ? cells[c].PadLeft(widths[c]) : cells[c].PadRight(widths[c])).Append(" |");
            }
            text.AppendLine();
        }
    }
}
