// The current colour theme (no colours when NO_COLOR is set).

import { useContext } from 'react';
import { ThemeContext } from '../components/ThemeContext.js';

export const useTheme = () => useContext(ThemeContext);
