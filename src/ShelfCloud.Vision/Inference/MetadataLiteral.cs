using System.Globalization;
using System.Text;

namespace ShelfCloud.Vision.Inference;

/// <summary>
/// Parses the literal values found in model metadata: Python reprs as Ultralytics writes them
/// (<c>{0: 'product', 1: 'empty'}</c>, <c>[640, 640]</c>) and JSON, which is close enough to be read the same way.
/// Values become <see cref="string"/>, <see cref="double"/>, <see cref="bool"/>, null,
/// <see cref="List{T}"/> of values (lists and tuples) or a list of key/value pairs (dicts).
/// </summary>
internal sealed class MetadataLiteral
{
    private readonly string _text;
    private int _position;

    private MetadataLiteral(string text) => _text = text;

    /// <summary>Parses one complete literal.</summary>
    /// <exception cref="FormatException">The text is not a literal.</exception>
    public static object? Parse(string text)
    {
        var parser = new MetadataLiteral(text);
        var value = parser.ParseValue();
        parser.SkipWhitespace();
        if (parser._position != text.Length)
        {
            throw parser.Error("unexpected text after the value");
        }

        return value;
    }

    private object? ParseValue()
    {
        SkipWhitespace();
        if (_position >= _text.Length)
        {
            throw Error("a value was expected");
        }

        return _text[_position] switch
        {
            '{' => ParseDictionary(),
            '[' => ParseSequence(']'),
            '(' => ParseSequence(')'),
            '\'' or '"' => ParseString(),
            _ => ParseScalar(),
        };
    }

    private List<KeyValuePair<object?, object?>> ParseDictionary()
    {
        _position++;
        var entries = new List<KeyValuePair<object?, object?>>();
        while (true)
        {
            SkipWhitespace();
            if (TryConsume('}'))
            {
                return entries;
            }

            var key = ParseValue();
            SkipWhitespace();
            Expect(':');
            var value = ParseValue();
            entries.Add(new(key, value));
            SkipWhitespace();
            if (!TryConsume(','))
            {
                SkipWhitespace();
                Expect('}');
                return entries;
            }
        }
    }

    private List<object?> ParseSequence(char close)
    {
        _position++;
        var items = new List<object?>();
        while (true)
        {
            SkipWhitespace();
            if (TryConsume(close))
            {
                return items;
            }

            items.Add(ParseValue());
            SkipWhitespace();
            if (!TryConsume(','))
            {
                SkipWhitespace();
                Expect(close);
                return items;
            }
        }
    }

    private string ParseString()
    {
        var quote = _text[_position++];
        var builder = new StringBuilder();
        while (_position < _text.Length)
        {
            var c = _text[_position++];
            if (c == quote)
            {
                return builder.ToString();
            }

            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }

            if (_position >= _text.Length)
            {
                break;
            }

            var escaped = _text[_position++];
            switch (escaped)
            {
                case 'n': builder.Append('\n'); break;
                case 't': builder.Append('\t'); break;
                case 'r': builder.Append('\r'); break;
                case 'u' or 'x':
                    var digits = escaped == 'u' ? 4 : 2;
                    if (_position + digits > _text.Length
                        || !int.TryParse(_text.AsSpan(_position, digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
                    {
                        throw Error("bad escape sequence");
                    }

                    builder.Append((char)code);
                    _position += digits;
                    break;
                default: builder.Append(escaped); break;
            }
        }

        throw Error("unterminated string");
    }

    private object? ParseScalar()
    {
        var start = _position;
        while (_position < _text.Length && !IsDelimiter(_text[_position]))
        {
            _position++;
        }

        var token = _text[start.._position];
        switch (token)
        {
            case "True" or "true": return true;
            case "False" or "false": return false;
            case "None" or "null": return null;
        }

        if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        throw Error($"'{token}' is not a number, string, list or dict");
    }

    private static bool IsDelimiter(char c) => char.IsWhiteSpace(c) || c is ',' or ':' or ']' or ')' or '}';

    private void SkipWhitespace()
    {
        while (_position < _text.Length && char.IsWhiteSpace(_text[_position]))
        {
            _position++;
        }
    }

    private bool TryConsume(char expected)
    {
        if (_position < _text.Length && _text[_position] == expected)
        {
            _position++;
            return true;
        }

        return false;
    }

    private void Expect(char expected)
    {
        if (!TryConsume(expected))
        {
            throw Error($"'{expected}' was expected");
        }
    }

    private FormatException Error(string problem) => new($"Cannot parse '{_text}' at position {_position}: {problem}.");
}
