// The theme the screens colour with; the provider is set by the public functions from the environment.

import { createContext } from 'react';
import { themeFor, type Theme } from '../theme.js';

export const ThemeContext = createContext<Theme>(themeFor());
