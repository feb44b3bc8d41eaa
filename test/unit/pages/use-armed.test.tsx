// @vitest-environment happy-dom
/**
 * PI-03: the approve buttons of Cachet's windows arm only after the window has been in front
 * for ARM_MS, and disarm again whenever it comes back to the front, so a click already under
 * way (a double click, a click on the page at the moment it made the window pop up) cannot
 * approve anything.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ARM_MS, useArmed } from '../../../src/pages/lib/use-armed';

function Approve() {
  const armed = useArmed();
  return (
    <button type="button" disabled={!armed} data-testid="approve">
      approve
    </button>
  );
}

const button = () => document.querySelector<HTMLButtonElement>('[data-testid="approve"]')!;

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  render(null, document.body);
  vi.useRealTimers();
});

describe('useArmed', () => {
  it('is disarmed when shown and arms after ARM_MS', () => {
    act(() => render(<Approve />, document.body));
    expect(button().disabled).toBe(true);
    act(() => {
      vi.advanceTimersByTime(ARM_MS - 50);
    });
    expect(button().disabled).toBe(true);
    act(() => {
      vi.advanceTimersByTime(60);
    });
    expect(button().disabled).toBe(false);
  });

  it('disarms when the window comes back to the front, and arms again ARM_MS later', () => {
    act(() => render(<Approve />, document.body));
    act(() => {
      vi.advanceTimersByTime(ARM_MS + 10);
    });
    expect(button().disabled).toBe(false);
    act(() => {
      window.dispatchEvent(new Event('focus'));
    });
    expect(button().disabled).toBe(true);
    act(() => {
      vi.advanceTimersByTime(ARM_MS + 10);
    });
    expect(button().disabled).toBe(false);
  });
});
