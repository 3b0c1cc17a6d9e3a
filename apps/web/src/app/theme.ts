import { createTheme } from '@mantine/core';

/**
 * Touch-first: every control the cashier taps is at least 44 px high (WCAG 2.5.5 target size).
 * Mantine's "lg" buttons and inputs are 50 px; close buttons "xl" are 44 px.
 */
export const theme = createTheme({
  primaryColor: 'blue',
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  components: {
    Button: { defaultProps: { size: 'lg' } },
    TextInput: { defaultProps: { size: 'lg' } },
    PasswordInput: { defaultProps: { size: 'lg' } },
    Modal: { defaultProps: { closeButtonProps: { size: 'xl' } } },
  },
});
