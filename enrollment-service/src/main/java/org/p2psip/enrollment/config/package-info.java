@NullMarked
package org.p2psip.enrollment.config;

import org.jspecify.annotations.NullMarked;
