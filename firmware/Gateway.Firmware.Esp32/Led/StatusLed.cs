using System.Device.Gpio;
using System.Threading;
using Gateway.Firmware.Core.Platform;
using Iot.Device.Ws28xx.Esp32;

namespace Gateway.Firmware.Esp32.Led
{
    /// <summary>
    /// Shows the node's <see cref="IndicatorCode"/> on the status LED: a plain LED on a GPIO, or one WS2812 RGB LED
    /// (driven through the ESP32's RMT peripheral by Iot.Device.Ws28xx.Esp32). The blink count is the same on both, so
    /// the technician's table (docs/TECHNICIAN.md) works with either; the WS2812 adds a colour.
    /// <code>
    /// code               blinks (then 1.5 s dark)        WS2812 colour
    /// Booting            steady on                       white
    /// ConfigInvalid      1                               red
    /// NoNetwork          2                               orange
    /// NoTime             3                               yellow
    /// TlsRefused         4                               magenta
    /// BrokerUnreachable  5                               blue
    /// Buffering          slow blink, 1 s on / 1 s off    cyan
    /// Ok                 short flash every 5 s           green
    /// </code>
    /// A timer steps the pattern every 100 ms; <see cref="Show"/> only records the code, so the node's tick never waits.
    /// </summary>
    public sealed class StatusLed : IStatusIndicator
    {
        /// <summary>Length of one pattern step, ms.</summary>
        public const int StepMs = 100;

        // Steps: a blink is 2 steps on, 3 off; a count ends with 15 steps dark.
        private const int BlinkOnSteps = 2;
        private const int BlinkSteps = 5;
        private const int PauseSteps = 15;

        // WS2812 colours per code (R, G, B), dimmed: a full-brightness WS2812 dazzles at arm's length.
        private static readonly byte[] s_red = new byte[] { 40, 40, 40, 40, 40, 0, 0, 0 };
        private static readonly byte[] s_green = new byte[] { 40, 0, 16, 32, 0, 0, 32, 40 };
        private static readonly byte[] s_blue = new byte[] { 40, 0, 0, 0, 40, 40, 32, 0 };

        private readonly object _lock = new object();
        private readonly GpioPin? _pin;
        private readonly bool _activeLow;
        private readonly Ws28xx? _pixel;
        private readonly Timer? _timer;
        private int _code = -1;
        private int _step;
        private bool _lit;

        /// <summary>A status LED that shows nothing (board without LED).</summary>
        public StatusLed()
        {
        }

        /// <summary>A plain LED on <paramref name="pin"/>.</summary>
        public StatusLed(GpioController gpio, int pin, bool activeLow)
        {
            _activeLow = activeLow;
            _pin = gpio.OpenPin(pin, PinMode.Output);
            Write(false);
            _timer = new Timer(Step, null, StepMs, StepMs);
        }

        /// <summary>One WS2812 RGB LED on <paramref name="pin"/>.</summary>
        public StatusLed(int pin)
        {
            _pixel = new Ws2812c(pin, 1, 1);
            Write(false);
            _timer = new Timer(Step, null, StepMs, StepMs);
        }

        /// <summary>Shows <paramref name="code"/> from the next step on.</summary>
        public void Show(IndicatorCode code)
        {
            lock (_lock)
            {
                if ((int)code == _code)
                {
                    return;
                }
                _code = (int)code;
                _step = 0;
            }
        }

        /// <summary>True when the LED should be lit at <paramref name="step"/> of the pattern for <paramref name="code"/>.</summary>
        public static bool IsLit(IndicatorCode code, int step)
        {
            switch (code)
            {
                case IndicatorCode.Booting:
                    return true;
                case IndicatorCode.Buffering:
                    return step % 20 < 10;
                case IndicatorCode.Ok:
                    return step % 50 == 0;
                default:
                    int blinks = (int)code;
                    int position = step % ((blinks * BlinkSteps) + PauseSteps);
                    return position < blinks * BlinkSteps && position % BlinkSteps < BlinkOnSteps;
            }
        }

        private void Step(object? state)
        {
            int code;
            int step;
            lock (_lock)
            {
                code = _code;
                step = _step++;
            }
            if (code < 0)
            {
                return;
            }
            bool lit = IsLit((IndicatorCode)code, step);
            if (lit != _lit || step == 0)
            {
                _lit = lit;
                Write(lit, code);
            }
        }

        private void Write(bool lit)
        {
            Write(lit, 0);
        }

        private void Write(bool lit, int code)
        {
            if (_pin != null)
            {
                _pin.Write(lit != _activeLow ? PinValue.High : PinValue.Low);
                return;
            }
            if (_pixel == null)
            {
                return;
            }
            BitmapImage image = _pixel.Image;
            if (lit)
            {
                image.SetPixel(0, 0, s_red[code], s_green[code], s_blue[code]);
            }
            else
            {
                image.SetPixel(0, 0, 0, 0, 0);
            }
            _pixel.Update();
        }
    }
}
